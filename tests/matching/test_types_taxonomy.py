import copy
import pickle
import unicodedata

import pytest

from matching import Candidate, Position, Reason, reasons, taxonomy


def test_lists_become_frozensets():
    c = Candidate(id=1, skills=["sewing", "welding", "sewing"], shifts={"day"}, desired_sectors=("garment",))
    assert c.skills == frozenset({"sewing", "welding"})
    assert isinstance(c.shifts, frozenset) and isinstance(c.desired_sectors, frozenset)
    p = Position(id="p", required_skills=["welding"], excluded_offences="drugs")
    assert p.required_skills == frozenset({"welding"})
    assert p.excluded_offences == frozenset({"drugs"})  # a bare string is one code, not letters
    hash(c), hash(p)


def test_reason_is_hashable_and_compares_params():
    a = Reason("distance_km", {"km": 3.0})
    assert hash(a) == hash(Reason("distance_km", {"km": 3.0}))
    assert a == Reason("distance_km", {"km": 3.0})
    assert a != Reason("distance_km", {"km": 9.0})
    assert a.params == {"km": 3.0} and len({a, Reason("distance_km", {"km": 3.0})}) == 1


def test_reason_params_are_read_only():
    source = {"km": 3.0}
    a = Reason("distance_km", source)
    source["km"] = 99.0  # the caller's dict is copied, not shared
    assert a.params["km"] == 3.0
    with pytest.raises(TypeError):
        a.params["km"] = 5.0
    with pytest.raises(AttributeError):
        a.params._items = {}
    assert copy.deepcopy(a) == a and pickle.loads(pickle.dumps(a)) == a


def test_plan_and_audit_do_not_shadow_their_modules():
    import matching
    import matching.fairness
    import matching.planning
    assert callable(matching.plan) and callable(matching.audit)
    assert matching.planning.plan is matching.plan and matching.fairness.audit is matching.audit


def test_reason_catalogue_is_complete():
    spec = {
        "skills_matched": ("matched", "required"), "preferred_skills": ("matched",),
        "sector_interest": ("sector",), "same_commune": (), "same_province": (),
        "distance_km": ("km",), "within_commute": (), "transport_provided": (),
        "dormitory_provided": (), "wage_meets_expectation": ("wage",),
        "wage_below_expectation": ("wage", "expected"), "shift_fit": ("shift",),
        "training_for_new_skills": (), "education_gap": ("required", "has"),
        "physical_gap": ("required", "has"), "few_seats_many_referrals": ("seats", "referrals"),
        "employer_track_record": ("hired",), "similar_experience": (),
        "excluded_offence": (), "outside_permitted_area": (), "no_seats_left": (),
    }
    for code, params in spec.items():
        assert reasons.REASON_PARAMS[code] == params


def test_taxonomy_labels():
    assert taxonomy.SKILLS["stone_cutting"] == ("Chế tác / khai thác đá", "Stone cutting and quarrying")
    assert taxonomy.SKILLS["sewing"] == ("May công nghiệp", "Industrial sewing")
    assert len(taxonomy.SKILLS) >= 20
    assert set(taxonomy.EDUCATION_LEVELS) == set(range(7))
    assert taxonomy.EDUCATION_LEVELS[0] == ("Chưa đi học", "No schooling")
    assert taxonomy.EDUCATION_LEVELS[6] == ("Đại học", "University")
    assert set(taxonomy.PHYSICAL_LEVELS) == set(range(4))
    assert {"property", "drugs", "violence", "traffic", "fraud", "other"} <= set(taxonomy.OFFENCE_CATEGORIES)
    assert set(taxonomy.SHIFTS) == {"day", "night", "rotating"}
    for table in (taxonomy.SKILLS, taxonomy.SECTORS, taxonomy.OFFENCE_CATEGORIES, taxonomy.SHIFTS,
                  taxonomy.EDUCATION_LEVELS, taxonomy.PHYSICAL_LEVELS):
        for vi, en in table.values():
            assert vi and en and unicodedata.is_normalized("NFC", vi)
