import collections

import numpy as np
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
    report = audit(fitted, candidates, positions, k=10, reference_year=2026, sample_people=150,
                   sample_positions=40)
    assert report.n_candidates == 150 and report.n_positions == 40
    for attr in ("gender", "age"):
        rows = [r for r in report.rows if r.attribute == attr]
        assert sum(r.n_candidates for r in rows) == 150
        assert sum(r.exposure_share for r in rows) == pytest.approx(1.0)
        assert sum(r.eligible_share for r in rows) == pytest.approx(1.0)
        for r in rows:
            assert 0 <= r.mean_suggestions <= 10
            if r.eligible_share:
                assert r.exposure_ratio == pytest.approx(r.exposure_share / r.eligible_share)
    ages = [r.group for r in report.rows if r.attribute == "age"]
    assert set(ages) <= set(AGE_GROUPS)
    assert ages == sorted(ages, key=AGE_GROUPS.index)
    d = report.as_dict()
    assert d["k"] == 10 and len(d["rows"]) == len(report.rows)


def test_audit_measures_exposure_on_the_employer_side():
    """A group the ranker never shows to employers has a share of 0 whatever its size."""
    r = Ranker()
    welders = [Candidate(id=i, gender="female", birth_year=1990, skills={"welding"}, province="01",
                         text="thợ hàn") for i in range(30)]
    others = [Candidate(id=100 + i, gender="male", birth_year=1990, province="01") for i in range(30)]
    positions = [Position(id=f"w{i}", required_skills={"welding"}, province="01", text="thợ hàn")
                 for i in range(5)]
    report = audit(r, welders + others, positions, k=10, reference_year=2026)
    g = {x.group: x for x in report.rows if x.attribute == "gender"}
    assert g["female"].exposure_share == 1.0 and g["male"].exposure_share == 0.0
    assert g["female"].eligible_share == g["male"].eligible_share == 0.5
    assert g["female"].exposure_ratio == 2.0 and g["male"].exposure_ratio == 0.0
    # On the candidate side both groups are offered the same positions at the same wage.
    assert g["female"].mean_suggestions == g["male"].mean_suggestions == 5


def test_audit_draws_people_at_random_not_the_first_ids(world, fitted):
    candidates, positions, _ = world
    a = audit(fitted, candidates, positions, sample_people=50, sample_positions=5, seed=1)
    b = audit(fitted, candidates, positions, sample_people=50, sample_positions=5, seed=2)
    assert a.n_candidates == 50 and a.as_dict() != b.as_dict()


def test_audit_reports_each_groups_expected_gain_by_the_outcome_model(world, fitted):
    candidates, positions, _ = world
    report = audit(fitted, candidates, positions, k=10, reference_year=2026, sample_people=60,
                   sample_positions=5)
    gains = [r.mean_gain for r in report.rows if r.n_candidates]
    assert gains and all(0 <= g <= 7 for g in gains)
    # The outcome model's expected gain of what the person is suggested, not the displayed score.
    person = candidates[0]
    matches = fitted.rank(person, positions, k=10)
    assert matches
    by_id = {p.id: p for p in positions}
    expected = fitted.expected_gain(person, [by_id[m.id] for m in matches])
    alone = audit(fitted, [person], positions, k=10, reference_year=2026, sample_positions=1)
    row = next(r for r in alone.rows if r.attribute == "gender" and r.n_candidates == 1)
    assert row.mean_gain == pytest.approx(float(np.mean(expected)))
    assert all(r.mean_gain is None for r in audit(Ranker(), candidates[:50], positions[:50]).rows)
