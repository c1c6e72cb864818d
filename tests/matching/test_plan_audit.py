import collections

import pytest

from matching import AGE_GROUPS, Candidate, Position, Ranker, age_group, audit, plan


def test_plan_respects_seats_and_candidates(world, fitted):
    candidates, positions, _ = world
    group, pool = candidates[:80], positions[:120]
    out = plan(group, pool, fitted)
    assert out
    per_cand = collections.Counter(a.candidate_id for a in out)
    assert max(per_cand.values()) == 1
    seats = {p.id: p.seats for p in pool}
    per_pos = collections.Counter(a.position_id for a in out)
    assert all(n <= seats[pid] for pid, n in per_pos.items())
    by_id = {c.id: c for c in group}
    pos_by_id = {p.id: p for p in pool}
    for a in out:
        assert fitted.eligibility(by_id[a.candidate_id], pos_by_id[a.position_id]) == ()
    assert [a.score for a in out] == sorted((a.score for a in out), reverse=True)


def test_plan_shares_a_single_seat():
    r = Ranker()
    cands = [Candidate(id=i, skills={"sewing"}, province="01") for i in range(3)]
    one = Position(id="one", required_skills={"sewing"}, province="01", seats=1)
    two = Position(id="two", required_skills={"welding"}, province="01", seats=2)
    full = Position(id="full", required_skills={"sewing"}, province="01", seats=0)
    out = plan(cands, [one, two, full], r)
    ids = collections.Counter(a.position_id for a in out)
    assert ids["one"] == 1 and ids["two"] <= 2 and "full" not in ids
    assert len(out) == 3
    blocked = Candidate(id="b", travel_restricted=True, province="99")
    assert plan([blocked], [one, two], r) == []
    assert plan([], [one], r) == [] and plan(cands, [], r) == []


def test_age_groups():
    assert age_group(2006, 2026) == "<25"
    assert age_group(2001, 2026) == "25-34"
    assert age_group(1990, 2026) == "35-44"
    assert age_group(1980, 2026) == "45-54"
    assert age_group(1960, 2026) == "55+"
    assert age_group(None, 2026) == "unknown"


def test_audit_groups_sum(world, fitted):
    candidates, positions, _ = world
    group = candidates[:150]
    report = audit(fitted, group, positions, k=10, reference_year=2026)
    assert report.n_candidates == 150
    for attr in ("gender", "age"):
        rows = [r for r in report.rows if r.attribute == attr]
        assert sum(r.n_candidates for r in rows) == 150
        assert sum(r.exposure_share for r in rows) == pytest.approx(1.0)
        for r in rows:
            assert 0 <= r.mean_suggestions <= 10
    ages = [r.group for r in report.rows if r.attribute == "age"]
    assert set(ages) <= set(AGE_GROUPS)
    assert ages == sorted(ages, key=AGE_GROUPS.index)
    expected = collections.Counter(c.gender or "unknown" for c in group)
    got = {r.group: r.n_candidates for r in report.rows if r.attribute == "gender"}
    assert got == dict(expected)
    d = report.as_dict()
    assert d["k"] == 10 and len(d["rows"]) == len(report.rows)


def test_audit_with_given_rankings():
    r = Ranker()
    cands = [Candidate(id=1, gender="female", birth_year=2000),
             Candidate(id=2, gender="male", birth_year=1970)]
    positions = [Position(id=i) for i in range(4)]
    rankings = {1: r.rank(cands[0], positions, k=4), 2: []}
    report = audit(r, cands, positions, k=4, reference_year=2026, rankings=rankings)
    g = {x.group: x for x in report.rows if x.attribute == "gender"}
    assert g["female"].exposure_share == 1.0 and g["male"].exposure_share == 0.0
    assert g["male"].mean_top_score is None and g["female"].mean_suggestions == 4
