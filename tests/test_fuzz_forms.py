"""No 500 for any input: random values posted into every form [SECURITY 30]."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import UONG_BI

text = st.text(max_size=300)
value = st.one_of(text, st.integers(min_value=-10**12, max_value=10**12).map(str), st.just(""))

FORMS = {
    "/login": ("login", "password"),
    "/register": ("full_name", "phone", "province", "ward", "password", "confirm", "refresh"),
    "/register/employer": ("company", "sector", "tax_code", "address_line", "province", "ward",
                           "full_name", "login", "password", "confirm"),
    "/language": ("lang", "next"),
    "/claim": ("phone", "code", "password", "confirm"),
    "/register/code": ("code",),
}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_anonymous_forms_never_fail(client, data):
    for url, fields in FORMS.items():
        payload = {name: data.draw(value, label=f"{url}:{name}") for name in fields}
        response = client.post(url, data=payload)
        assert response.status_code < 500, (url, payload)


@FUZZ
@given(data=st.data())
def test_admin_forms_never_fail(app, make_user, data):
    client = app.test_client()
    from .conftest import PASSWORD

    if not hasattr(app, "_fuzz_admin"):
        app._fuzz_admin = make_user("admin")
    from marketplace.extensions import db
    from marketplace.models import User

    with app.app_context():
        login = db.session.get(User, app._fuzz_admin).login
    client.post("/login", data={"login": login, "password": PASSWORD})
    payload = {name: data.draw(value, label=name) for name in
               ("full_name", "login", "password", "agency", "title", "province")}
    payload["wards"] = data.draw(st.lists(value, max_size=3), label="wards")
    response = client.post("/admin/caseworkers/new", data=payload)
    assert response.status_code < 500
    response = client.get("/casework/", query_string={"q": data.draw(text, label="q"), "page": data.draw(value)})
    assert response.status_code < 500
    assert client.get(f"/places/{UONG_BI[0]}/wards").status_code == 200
