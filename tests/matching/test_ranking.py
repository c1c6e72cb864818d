import dataclasses
import math

import numpy as np
import pytest

from matching import Candidate, Match, Outcome, Position, Ranker, make_world
from matching.reasons import ALL_CODES, EXCLUSION_CODES


def test_cold_start_ranks_with_reasons(world):
    candidates, positions, _ = world
    r = Ranker()
    assert not r.fitted and r.trained_at is None and r.n_outcomes == 0
    for c in candidates[:40]:
        matches = r.rank(c, positions, k=10)
        assert 0 < len(matches) <= 10
        scores = [m.score for m in matches]
        assert scores == sorted(scores, reverse=True)
        for m in matches:
            assert isinstance(m, Match) and 0.0 <= m.score <= 1.0
            assert m.reasons, "every match needs at least one reason"
            assert all(x.code in ALL_CODES and x.code not in EXCLUSION_CODES for x in m.reasons)
            assert r.eligibility(c, next(p for p in positions if p.id == m.id)) == ()


def test_reasons_on_every_match_both_directions(world, fitted):
    candidates, positions, _ = world
    for c in candidates[:30]:
        for m in fitted.rank(c, positions, k=10):
            assert m.reasons
    for p in positions[:30]:
        for m in fitted.rank_candidates(p, candidates, k=10):
            assert m.reasons


def test_reasons_never_carry_protected_values(world, fitted):
    candidates, positions, _ = world
    for c in candidates[:50]:
        for m in fitted.rank(c, positions, k=10):
            for reason in m.reasons:
                values = {str(v) for v in reason.params.values()}
                assert c.offence_category not in values
                assert str(c.birth_year) not in values
                assert c.gender is None or c.gender not in values


def test_reason_content_is_right():
    c = Candidate(id=1, skills={"welding", "driving"}, province="01", ward="01001",
                  lat=21.03, lon=105.85, desired_sectors={"construction"}, shifts={"day"},
                  wage_expectation=8_000_000, education=1, physical_capacity=1)
    p = Position(id="a", sector="construction", required_skills={"welding", "masonry"},
                 preferred_skills={"driving"}, province="01", ward="01001", lat=21.04, lon=105.85,
                 shift="day", wage=7_000_000, min_education=3, physical_demand=3,
                 housing_provided=True, transport_provided=True, seats=1, open_referrals=9)
    (m,) = Ranker().rank(c, [p])
    got = {x.code: x.params for x in m.reasons}
    assert got["skills_matched"] == {"matched": 1, "required": 2}
    assert got["preferred_skills"] == {"matched": 1}
    assert got["sector_interest"] == {"sector": "construction"}
    assert "same_commune" in got and "within_commute" in got
    assert got["distance_km"]["km"] == pytest.approx(1.1, abs=0.1)
    assert got["wage_below_expectation"] == {"wage": 7_000_000, "expected": 8_000_000}
    assert got["education_gap"] == {"required": 3, "has": 1}
    assert got["physical_gap"] == {"required": 3, "has": 1}
    assert got["few_seats_many_referrals"] == {"seats": 1, "referrals": 9}
    assert "dormitory_provided" in got and "transport_provided" in got and "shift_fit" in got


def test_robust_edge_cases(fitted, world):
    _, positions, _ = world
    for r in (Ranker(), fitted):
        empty = Candidate(id=1)
        assert len(r.rank(empty, positions, k=5)) == 5
        assert r.rank(empty, [], k=5) == []
        assert r.rank(empty, positions, k=0) == []
        assert len(r.rank(empty, positions[:3], k=50)) <= 3
        odd = Candidate(id=2, skills={"unicorn_taming"}, desired_sectors={"space"}, lat=None,
                        lon=10.0, text="Tôi  thích   NẤU ĂN", wage_expectation=0, max_commute_km=0)
        assert r.rank(odd, positions, k=3)
        assert r.rank(Candidate(id=3), [Position(id="bare")]) and \
            r.rank(Candidate(id=3), [Position(id="bare")])[0].reasons
        blocked = Candidate(id=4, travel_restricted=True, province="zz")
        assert r.rank(blocked, positions) == []
        assert r.rank_candidates(Position(id="p"), [], k=3) == []
        assert len(r.rank_candidates(Position(id="p"), [Candidate(id=i) for i in range(5)], k=10)) == 5


def test_fit_edge_cases(world):
    candidates, positions, outcomes = world
    r = Ranker().fit(candidates, positions, [])
    assert not r.fitted and r.n_outcomes == 0 and r.rank(candidates[0], positions)
    one_class = [dataclasses.replace(o, label=1) for o in outcomes[:500]]
    r = Ranker().fit(candidates, positions, one_class)
    assert not r.fitted and r.n_outcomes == 500 and r.rank(candidates[0], positions)
    unknown = [Outcome("nobody", "nowhere", 3), Outcome(candidates[0].id, "nowhere", 2)]
    assert not Ranker().fit(candidates, positions, unknown).fitted
    r = Ranker().fit([], [], [])
    assert r.rank(Candidate(id=1), []) == []


def test_fitted_metadata(fitted, world):
    assert fitted.fitted and fitted.n_outcomes == len(world[2])
    assert fitted.trained_at is not None and fitted.trained_at.tzinfo is not None
    assert fitted.metadata["model"] == "linear" and fitted.version


@pytest.mark.parametrize("field,values", [
    ("gender", ["male", "female", None, "other"]),
    ("birth_year", [1950, 1975, 2003, None]),
    ("offence_category", ["property", "drugs", "fraud", None]),
])
def test_protected_attributes_do_not_change_scores(world, fitted, field, values):
    _, positions, _ = world
    # No exclusions here, so every variant is eligible for the same positions.
    pos = [dataclasses.replace(p, excluded_offences=frozenset()) for p in positions]
    base = Candidate(id="x", skills={"sewing"}, province="31", ward="31022", lat=20.9, lon=106.6,
                     desired_sectors={"garment"}, text="Tôi từng may công nghiệp")
    for r in (Ranker(), fitted):
        results = []
        for v in values:
            c = dataclasses.replace(base, **{field: v})
            results.append([(m.id, m.score, m.reasons) for m in r.rank(c, pos, k=20)])
            sc = {m.id: m.score for m in r.rank_candidates(pos[5], [c, dataclasses.replace(base, id="y")])}
            assert sc["x"] == sc["y"]
        assert all(res == results[0] for res in results)


def test_rank_and_rank_candidates_agree(world, fitted):
    candidates, positions, _ = world
    c = candidates[7]
    for m in fitted.rank(c, positions, k=5):
        p = next(p for p in positions if p.id == m.id)
        others = [c] + [x for x in candidates[:200] if x.id != c.id]
        back = {x.id: x.score for x in fitted.rank_candidates(p, others, k=len(others))}
        assert back[c.id] == pytest.approx(m.score, rel=1e-6)


def test_save_load_round_trip(tmp_path, world, fitted):
    candidates, positions, _ = world
    path = tmp_path / "ranker.npz"
    fitted.save(path)
    loaded = Ranker.load(path)
    assert loaded.fitted and loaded.n_outcomes == fitted.n_outcomes
    assert loaded.trained_at == fitted.trained_at
    for c in candidates[:20]:
        a, b = fitted.rank(c, positions), loaded.rank(c, positions)
        assert [(m.id, m.score, m.reasons) for m in a] == [(m.id, m.score, m.reasons) for m in b]
    assert sorted(f.name for f in tmp_path.iterdir()) == ["ranker.model.json", "ranker.npz"]  # no temp files
    cold = tmp_path / "cold.npz"
    Ranker().save(cold)
    assert not Ranker.load(cold).fitted


def test_seat_discount():
    c = Candidate(id=1, skills={"sewing"}, province="01")
    calm = Position(id="calm", required_skills={"sewing"}, province="01", seats=2, open_referrals=6)
    busy = dataclasses.replace(calm, id="busy", open_referrals=20)
    r = Ranker()
    scores = {m.id: m for m in r.rank(c, [calm, busy])}
    assert scores["busy"].score < scores["calm"].score
    expected = math.sqrt(3 * 2 / 20)
    assert scores["busy"].score == pytest.approx(scores["calm"].score * expected, rel=1e-9)
    assert "few_seats_many_referrals" in {x.code for x in scores["busy"].reasons}
    assert "few_seats_many_referrals" not in {x.code for x in scores["calm"].reasons}
    assert [m.id for m in r.rank(c, [busy, calm])] == ["calm", "busy"]


def test_index_cache_follows_the_list(world):
    _, positions, _ = world
    r = Ranker()
    c = Candidate(id=1, skills={"sewing"})
    subset = list(positions[:50])
    first = r.rank(c, subset, k=50)
    assert r.index_positions(subset) is r.index_positions(subset)
    subset.append(Position(id="new", required_skills={"sewing"}, seats=3))
    assert "new" in {m.id for m in r.rank(c, subset, k=51)}
    assert len(first) <= 50
    idx = r.index_positions(positions)
    assert [m.id for m in r.rank(c, idx)] == [m.id for m in r.rank(c, positions)]


def test_text_similarity_handles_vietnamese():
    r = Ranker()
    c = Candidate(id=1, text="Tôi từng làm thợ hàn")
    weld = Position(id="weld", text="Tuyển thợ hàn")
    other = Position(id="cook", text="Tuyển đầu bếp")
    ids = [m.id for m in r.rank(c, [other, weld])]
    assert ids[0] == "weld"
    import unicodedata
    nfd = Candidate(id=2, text=unicodedata.normalize("NFD", c.text))
    assert [m.score for m in r.rank(nfd, [other, weld])] == [m.score for m in r.rank(c, [other, weld])]


def test_hgb_gain_model_option(tmp_path):
    c, p, o = make_world(300, 150, 1500, seed=5)
    r = Ranker(model="hgb").fit(c, p, o)
    assert r.fitted and r.metadata["model"] == "hgb"
    path = tmp_path / "hgb.npz"
    r.save(path)
    loaded = Ranker.load(path)
    for x in c[:10]:
        assert [(m.id, m.score) for m in r.rank(x, p)] == [(m.id, m.score) for m in loaded.rank(x, p)]
    with pytest.raises(ValueError):
        Ranker(model="forest")


def test_copy_and_threads(world, fitted):
    import copy
    from concurrent.futures import ThreadPoolExecutor
    candidates, positions, _ = world
    twin = copy.deepcopy(fitted)
    assert [m.score for m in twin.rank(candidates[0], positions)] == \
        [m.score for m in fitted.rank(candidates[0], positions)]
    lists = [list(positions[i:i + 100]) for i in range(0, 600, 100)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: fitted.rank(candidates[i], lists[i % 6]), range(60)))
    assert all(isinstance(r, list) for r in results)


def test_the_plausibility_weight_is_chosen_on_training_outcomes_only(fitted, world):
    from matching.ranker import PLAUSIBILITY_GRID
    meta = fitted.metadata
    assert set(meta["validation_deviance"]) == {str(a) for a in PLAUSIBILITY_GRID}
    assert meta["plausibility"] == min(PLAUSIBILITY_GRID, key=lambda a: meta["validation_deviance"][str(a)])
    fixed = Ranker(plausibility=0.0).fit(*world)
    assert fixed.metadata["plausibility"] == 0.0 and fixed.metadata["validation_deviance"] == {}
    for bad in (-0.1, 1.5, "0.5"):
        with pytest.raises(ValueError):
            Ranker(plausibility=bad)


def test_rarely_referred_employers_that_keep_people_are_learned(world):
    """Caseworkers send almost everyone to employer A, which loses them; the few sent to B stay.

    Weighted by inverse propensity, the outcome model learns B's record; ranking by expected
    outcome then puts B first even though caseworkers rarely chose it.
    """
    candidates = [Candidate(id=i, skills={"sewing"}, province="01") for i in range(400)]
    positions = [Position(id=f"A{j}", employer_id="A", required_skills={"sewing"}, province="01", seats=5)
                 for j in range(10)] + [Position(id=f"B{j}", employer_id="B", required_skills={"sewing"},
                                                 province="01", seats=5) for j in range(10)]
    outcomes = [Outcome(i, f"A{i % 10}", 0 if i % 5 else 1) for i in range(360)]
    outcomes += [Outcome(i, f"B{i % 10}", 3 if i % 4 else 2) for i in range(360, 400)]
    r = Ranker(plausibility=0.0).fit(candidates, positions, outcomes)
    top = [m.id for m in r.rank(Candidate(id="new", skills={"sewing"}, province="01"), positions, k=5)]
    assert all(pid.startswith("B") for pid in top)


def test_with_no_plausibility_term_the_order_is_that_of_the_expected_gain(world):
    from matching.ranker import MIN_GAIN
    candidates, positions, outcomes = world
    pure = Ranker(plausibility=0.0).fit(candidates, positions, outcomes)
    pool = [p for p in positions[:200] if p.open_referrals <= 3 * p.seats]  # no seat discount
    for c in candidates[:5]:
        gains = dict(zip([p.id for p in pool], pure.expected_gain(c, pool), strict=True))
        ranked = pure.rank(c, pool, k=20)
        assert ranked and all(np.isfinite(gains[m.id]) and 0 <= gains[m.id] <= 7 for m in ranked)
        # Scores floor the gain at MIN_GAIN (a pessimistic estimate cannot erase a score): compare alike.
        floored = [max(gains[m.id], MIN_GAIN) for m in ranked]
        assert floored == sorted(floored, reverse=True)
        eligible = [p.id for p in pool if not pure.eligibility(c, p)]
        assert max(gains[pid] for pid in eligible) == gains[ranked[0].id]


def test_expected_gain_is_none_where_not_known(world, fitted):
    candidates, positions, _ = world
    c = dataclasses.replace(candidates[0], offence_category="drugs", travel_restricted=False)
    shut = [dataclasses.replace(positions[0], excluded_offences={"drugs"}),
            dataclasses.replace(positions[1], excluded_offences=frozenset(), seats=1)]
    assert np.isnan(fitted.expected_gain(c, shut)[0]) and np.isfinite(fitted.expected_gain(c, shut)[1])
    assert np.isnan(Ranker().expected_gain(c, shut)).all()  # the cold start has no outcome model
