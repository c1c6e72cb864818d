"""No 500 for any input into the caseworker's forms [SECURITY 30]."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import UONG_BI

text = st.text(max_size=200)
value = st.one_of(text, st.integers(min_value=-10**15, max_value=10**15).map(str), st.just(""),
                  st.dates().map(lambda d: d.isoformat()))
FORMS = {
    "notes": ("kind", "occurred_on", "body", "about_legal_case"),
    "support": ("kind", "occurred_on", "amount_vnd", "purpose", "note"),
    "legal": ("status", "offence_category", "sentence_kind", "sentence_months", "release_date",
              "supervision_end", "penalty_end", "travel_restricted"),
    "milestones": ("kind", "occurred_on", "note", "confirm"),
    "team/staff": ("login",),
    "team/contact": ("kind", "full_name", "relation", "phone"),
}
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_caseworker_forms_never_fail(app, make_user, make_candidate, client_as, data):
    if not hasattr(app, "_fuzz_casework"):
        app._fuzz_casework = (make_user("caseworker", areas=(UONG_BI,)), make_candidate(UONG_BI))
    worker, person = app._fuzz_casework
    client = client_as(worker)
    assert client.get(f"/casework/candidates/{person}").status_code == 200  # signed in, in scope
    for path, fields in FORMS.items():
        payload = {name: data.draw(value, label=f"{path}:{name}") for name in fields}
        response = client.post(f"/casework/candidates/{person}/{path}", data=payload)
        assert response.status_code < 500, (path, payload)
    payload = {name: data.draw(value, label=name) for name in
               ("full_name", "birth_year", "gender", "ward", "phone", "address_line")}
    assert client.post("/casework/candidates/new", data=payload).status_code < 500
    query = {"q": data.draw(text, label="q"), "show": data.draw(text, label="show"),
             "page": data.draw(value, label="page")}
    assert client.get("/casework/", query_string=query).status_code < 500
