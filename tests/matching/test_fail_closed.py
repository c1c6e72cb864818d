"""The legal rules hold whatever the caller does: in-place edits, odd spellings, bad values."""
import dataclasses
import math

import numpy as np
import pytest

from matching import Candidate, Outcome, Position, Ranker, plan
from matching.index import CandidateIndex, PositionIndex


def ids(matches):
    return [m.id for m in matches]


@pytest.fixture
def rankers(fitted):
    return (Ranker(), fitted)


def test_replacing_a_position_with_a_full_one_in_place_removes_it(rankers):
    c = Candidate(id="c", skills={"sewing"}, province="01")
    for r in rankers:
        positions = [Position(id=i, required_skills={"sewing"}, province="01", seats=2) for i in range(6)]
        assert 3 in ids(r.rank(c, positions, k=10))
        positions[3] = dataclasses.replace(positions[3], seats=0)
        assert 3 not in ids(r.rank(c, positions, k=10))
        positions[2] = dataclasses.replace(positions[2], excluded_offences={"drugs"})
        assert 2 not in ids(r.rank(dataclasses.replace(c, offence_category="drugs"), positions, k=10))


def test_a_cached_candidate_turned_travel_restricted_is_not_ranked(rankers):
    p = Position(id="far", province="79", seats=3)
    for r in rankers:
        people = [Candidate(id=i, province="01") for i in range(5)]
        assert 2 in ids(r.rank_candidates(p, people, k=10))
        people[2] = dataclasses.replace(people[2], travel_restricted=True)
        assert 2 not in ids(r.rank_candidates(p, people, k=10))
        people[1] = dataclasses.replace(people[1], offence_category="fraud")
        assert 1 not in ids(r.rank_candidates(dataclasses.replace(p, excluded_offences={"fraud"}), people))


def test_live_seat_counts_laid_over_an_index_are_obeyed():
    c = Candidate(id="c", province="01")
    index = PositionIndex([Position(id=i, province="01", seats=1) for i in range(4)])
    seats = np.array([1, 0, 1, 1])
    assert 1 not in ids(Ranker().rank(c, index, seats=seats, referrals=np.zeros(4, dtype=int)))
    assert set(ids(Ranker().rank(c, index, exclude=[0, 2]))) == {1, 3}
    with pytest.raises(ValueError):
        Ranker().rank(c, index, seats=np.array([1, 1]))


@pytest.mark.parametrize("spelling", ["Drugs", "DRUGS", " drugs ", "drugs"])
def test_offence_codes_match_whatever_their_case(spelling):
    r = Ranker()
    c = Candidate(id=1, offence_category=spelling, province="01")
    p = Position(id="p", excluded_offences={"Drugs"}, province="01")
    assert c.offence_category == "drugs" and p.excluded_offences == {"drugs"}
    assert {x.code for x in r.eligibility(c, p)} == {"excluded_offence"}
    assert r.rank(c, [p]) == [] and r.rank_candidates(p, [c]) == []
    assert plan([c], [p], r) == []


@pytest.mark.parametrize("value", ["drug use", "ma túy", 3, ["drugs"]])
def test_offence_codes_that_are_not_codes_are_refused(value):
    with pytest.raises(ValueError, match="offence"):
        Candidate(id=1, offence_category=value)
    with pytest.raises(ValueError, match="excluded_offences"):
        Position(id=1, excluded_offences=[value] if not isinstance(value, list) else [3])


@pytest.mark.parametrize("field,value", [
    ("education", math.nan), ("education", "3"), ("education", None), ("physical_capacity", math.inf),
    ("max_commute_km", math.nan), ("wage_expectation", math.nan), ("wage_expectation", "8tr"),
    ("lat", math.nan), ("lon", 500.0), ("has_transport", "yes"), ("travel_restricted", 1),
    ("text", 12), ("education", 2.5), ("birth_year", math.nan),
])
def test_bad_candidate_fields_name_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        Candidate(id=1, **{field: value})


@pytest.mark.parametrize("field,value", [
    ("min_education", math.nan), ("physical_demand", "heavy"), ("wage", math.nan), ("seats", math.nan),
    ("seats", None), ("open_referrals", -1), ("lat", math.inf), ("housing_provided", "no"), ("text", b"x"),
])
def test_bad_position_fields_name_the_field(field, value):
    with pytest.raises(ValueError, match=field):
        Position(id=1, **{field: value})


def test_a_nan_never_reaches_a_score(world):
    _, positions, _ = world
    r = Ranker()
    for m in r.rank(Candidate(id=1, education=np.int64(2), lat=np.float64(21.0), lon=105.8), positions):
        assert math.isfinite(m.score)


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        Ranker().rank(Candidate(id=1), [Position(id="a"), Position(id="a", seats=0)])
    with pytest.raises(ValueError, match="duplicate"):
        Ranker().rank_candidates(Position(id="p"), [Candidate(id=1), Candidate(id=1)])
    with pytest.raises(ValueError, match="duplicate"):
        CandidateIndex([Candidate(id=1), Candidate(id=1)])


@pytest.mark.parametrize("label", [4, -1, None, math.nan, "2", 1.5, True])
def test_out_of_range_or_missing_labels_are_refused(label):
    with pytest.raises(ValueError, match="label"):
        Outcome("c", "p", label)


def test_fit_refuses_a_label_that_slipped_past_construction(world):
    candidates, positions, outcomes = world
    bad = list(outcomes[:100])
    forged = Outcome(candidates[0].id, positions[0].id, 2)
    object.__setattr__(forged, "label", 7)
    with pytest.raises(ValueError, match="label"):
        Ranker().fit(candidates, positions, bad + [forged])
