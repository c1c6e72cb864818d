"""The admin's caseworker form: agency names that fit the place, communes as checkboxes."""
import re

import pytest

from marketplace.extensions import db
from marketplace.labels import agency_label
from marketplace.models import User

from .conftest import UONG_BI, VANG_DANH

BA_CHE = (22, 6970)   # Xã Ba Chẽ
CO_TO = (22, 7192)    # Đặc khu Cô Tô


@pytest.mark.parametrize("wards,expected", [
    ((UONG_BI[1],), "Công an phường"),
    ((BA_CHE[1],), "Công an xã"),
    ((CO_TO[1],), "Công an đặc khu"),
    ((UONG_BI[1], BA_CHE[1]), "Công an xã, phường"),
])
def test_police_are_named_after_the_place(app, wards, expected):
    with app.test_request_context():
        assert agency_label("police", wards) == expected


def test_the_edit_form_names_the_agency_for_the_communes_held(app, client, make_user, login):
    worker = make_user("caseworker", areas=(BA_CHE,))
    login(make_user("admin"))
    page = client.get(f"/admin/caseworkers/{worker}").get_data(as_text=True)
    assert '<option selected value="police">Công an xã</option>' in page
    assert re.search(rf'<input checked[^>]*type="checkbox" value="{BA_CHE[1]}"', page)
    assert 'type="search"' in page and "multiple" not in page
    assert "Công an xã" in client.get("/admin/caseworkers").get_data(as_text=True)


def test_ticking_communes_and_changing_the_agency_saves_both(app, client, make_user, login):
    worker = make_user("caseworker", areas=(UONG_BI,))
    login(make_user("admin"))
    client.post(f"/admin/caseworkers/{worker}", data={
        "province": UONG_BI[0], "wards": [UONG_BI[1], VANG_DANH[1]], "agency": "women_union",
        "active": "y"})
    with app.app_context():
        profile = db.session.get(User, worker).caseworker
        assert profile.ward_codes == {UONG_BI[1], VANG_DANH[1]} and profile.agency == "women_union"
