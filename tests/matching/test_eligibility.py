import numpy as np
from hypothesis import given, settings, strategies as st

from matching import Candidate, Position, Ranker
from matching.eligibility import eligible_candidates, eligible_positions
from matching.index import CandidateIndex, PositionIndex


def codes(reasons):
    return {r.code for r in reasons}


def test_excluded_offence():
    r = Ranker()
    c = Candidate(id=1, offence_category="drugs", province="01")
    p = Position(id="a", excluded_offences={"drugs", "violence"}, province="01")
    assert codes(r.eligibility(c, p)) == {"excluded_offence"}
    assert all(not reason.params for reason in r.eligibility(c, p))  # category never leaks
    assert r.eligibility(Candidate(id=2, offence_category="traffic"), p) == ()
    assert r.rank(c, [p]) == []
    assert r.rank_candidates(p, [c]) == []


def test_travel_restricted_outside_province():
    r = Ranker()
    c = Candidate(id=1, travel_restricted=True, province="01")
    inside, outside = Position(id="in", province="01"), Position(id="out", province="79")
    assert r.eligibility(c, inside) == ()
    assert codes(r.eligibility(c, outside)) == {"outside_permitted_area"}
    assert [m.id for m in r.rank(c, [inside, outside])] == ["in"]
    # Unrestricted people may go anywhere.
    assert r.eligibility(Candidate(id=2, province="01"), outside) == ()
    # Unknown province: nothing shows the place is permitted.
    assert codes(r.eligibility(Candidate(id=3, travel_restricted=True), inside)) == {"outside_permitted_area"}


def test_no_seats_left():
    r = Ranker()
    c = Candidate(id=1)
    full = Position(id="full", seats=0)
    assert codes(r.eligibility(c, full)) == {"no_seats_left"}
    assert codes(r.eligibility(c, Position(id="neg", seats=-2))) == {"no_seats_left"}
    assert r.rank(c, [full]) == []
    assert r.rank_candidates(full, [c]) == []


def test_multiple_exclusions_reported_together():
    c = Candidate(id=1, offence_category="fraud", travel_restricted=True, province="01")
    p = Position(id="x", excluded_offences=["fraud"], province="02", seats=0)
    assert codes(Ranker().eligibility(c, p)) == {"excluded_offence", "outside_permitted_area", "no_seats_left"}


OFF = st.sampled_from([None, "drugs", "fraud", "violence"])
PROV = st.sampled_from(["", "01", "79"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(OFF, st.booleans(), PROV), min_size=1, max_size=6),
       st.lists(st.tuples(st.sets(st.sampled_from(["drugs", "fraud", "violence"])), PROV,
                          st.integers(-1, 3)), min_size=1, max_size=6))
def test_vectorised_rules_match_scalar_rules(cands, poss):
    candidates = [Candidate(id=i, offence_category=o, travel_restricted=t, province=pr)
                  for i, (o, t, pr) in enumerate(cands)]
    positions = [Position(id=j, excluded_offences=e, province=pr, seats=s)
                 for j, (e, pr, s) in enumerate(poss)]
    r = Ranker()
    pi, ci = PositionIndex(positions), CandidateIndex(candidates)
    for c in candidates:
        expected = np.array([r.eligibility(c, p) == () for p in positions])
        assert (eligible_positions(c, pi) == expected).all()
    for p in positions:
        expected = np.array([r.eligibility(c, p) == () for c in candidates])
        assert (eligible_candidates(p, ci) == expected).all()
