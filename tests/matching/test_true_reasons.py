"""Reasons claim only what is known."""
from matching import Candidate, Position, Ranker


def codes(match):
    return {r.code: r.params for r in match.reasons}


def test_no_distance_is_claimed_without_coordinates():
    c = Candidate(id=1, province="01", ward="00001", max_commute_km=5)
    near = Position(id="p", province="01", ward="00001")
    far = Position(id="q", province="79", ward="26734")
    for p in (near, far):
        (m,) = Ranker().rank(c, [p])
        assert "distance_km" not in codes(m) and "within_commute" not in codes(m)
    # One side's coordinates are not enough either.
    (m,) = Ranker().rank(Candidate(id=2, province="01", lat=21.0, lon=105.8), [near])
    assert "distance_km" not in codes(m) and "within_commute" not in codes(m)


def test_a_distance_from_real_coordinates_is_claimed():
    c = Candidate(id=1, province="01", lat=21.03, lon=105.85, max_commute_km=10)
    p = Position(id="p", province="01", lat=21.05, lon=105.85)
    (m,) = Ranker().rank(c, [p])
    assert 2.0 <= codes(m)["distance_km"]["km"] <= 2.5 and "within_commute" in codes(m)


def test_the_same_ward_code_in_two_provinces_is_not_the_same_commune():
    c = Candidate(id=1, province="01", ward="00007")
    (m,) = Ranker().rank(c, [Position(id="p", province="79", ward="00007")])
    assert "same_commune" not in codes(m) and "same_province" not in codes(m)
    (m,) = Ranker().rank(c, [Position(id="p", province="01", ward="00007")])
    assert "same_commune" in codes(m)
    (m,) = Ranker().rank(Candidate(id=2, ward="00007"), [Position(id="p", ward="00007")])
    assert "same_commune" not in codes(m)  # no province on either side: nothing is known


def test_half_a_coordinate_is_no_coordinate():
    c = Candidate(id=1, lat=21.0)
    assert c.lat is None and c.lon is None
