"""No 500 for any input on the person's own forms [SECURITY 30]."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=200)
value = st.one_of(text, st.integers(min_value=-10**12, max_value=10**12).map(str), st.just(""))
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PROFILE_FIELDS = ("full_name", "birth_year", "gender", "phone", "province", "ward", "education",
                  "experience", "physical_capacity", "health_notes", "wage_expectation",
                  "max_commute_km", "has_transport", "legal_status", "refresh")


@FUZZ
@given(data=st.data())
def test_the_person_s_forms_never_fail(app, make_user, client_as, data):
    if not hasattr(app, "_fuzz_person"):
        app._fuzz_person = make_user("candidate")
    client = client_as(app._fuzz_person)
    assert client.get("/me/profile").status_code == 200  # the posts below reach the forms
    profile = {name: data.draw(value, label=name) for name in PROFILE_FIELDS}
    profile["skills"] = data.draw(st.lists(value, max_size=3), label="skills")
    profile["shifts"] = data.draw(st.lists(value, max_size=3), label="shifts")
    assert client.post("/me/profile", data=profile).status_code < 500
    consent = {"purpose": data.draw(value, label="purpose"), "employer_id": data.draw(value, label="employer"),
               "next": data.draw(value, label="next")}
    assert client.post("/me/consents", data=consent).status_code < 500
    request = {"kind": data.draw(value, label="kind"), "body": data.draw(value, label="body")}
    assert client.post("/me/data", data=request).status_code < 500
    assert client.post(f"/me/positions/{data.draw(st.integers(0, 10**6))}/hide").status_code < 500
