"""The programme coordinator manages caseworkers and verifies employers."""
import re

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Employer, User

from .conftest import PHU_LY, UONG_BI, VANG_DANH

NEW = {"full_name": "Hoàng Văn Dũng", "login": "dung.ca@example.vn", "password": "một câu đủ dài",
       "agency": "police", "title": "Công an phường", "province": UONG_BI[0],
       "wards": [UONG_BI[1], VANG_DANH[1]]}


def test_admin_creates_a_caseworker_with_communes(app, client, make_user, login):
    login(make_user("admin"))
    response = client.post("/admin/caseworkers/new", data=NEW)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "dung.ca@example.vn"))
        assert user.role == "caseworker"
        assert user.caseworker.ward_codes == {UONG_BI[1], VANG_DANH[1]}
    assert "Hoàng Văn Dũng" in client.get("/admin/caseworkers").get_data(as_text=True)


def test_communes_of_another_province_are_refused(app, client, make_user, login):
    login(make_user("admin"))
    page = client.post("/admin/caseworkers/new", data={**NEW, "wards": [PHU_LY[1]]}).get_data(as_text=True)
    assert "Hãy chọn các xã / phường thuộc tỉnh đã chọn" in page
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "dung.ca@example.vn")) is None


def test_the_new_caseworker_can_log_in(client, make_user, login, app):
    login(make_user("admin"))
    client.post("/admin/caseworkers/new", data=NEW)
    client.post("/logout")
    response = client.post("/login", data={"login": NEW["login"], "password": NEW["password"]})
    assert response.location.endswith("/casework/")


def test_admin_verifies_a_waiting_employer(app, client, make_user, login, employer_of):
    employer_id = employer_of(make_user("employer"))
    login(make_user("admin"))
    assert "Công ty" in client.get("/admin/").get_data(as_text=True)
    client.post(f"/admin/employers/{employer_id}/verify")
    with app.app_context():
        employer = db.session.get(Employer, employer_id)
        assert employer.verified and employer.verified_by.role == "admin"
    assert "Không có doanh nghiệp nào đang chờ" in client.get("/admin/").get_data(as_text=True)


def test_verifying_an_unknown_employer_is_a_404(client, make_user, login):
    login(make_user("admin"))
    assert client.post("/admin/employers/999/verify").status_code == 404


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "--name", "Điều phối viên",
                                 "--login", "dieuphoi@example.vn", "--password", "một câu đủ dài"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "dieuphoi@example.vn")) == "admin"
    weak = runner.invoke(args=["users", "create-admin", "--name", "X", "--login", "x@example.vn",
                               "--password", "12345678"])
    assert weak.exit_code != 0


def test_admin_reassigns_communes_and_closes_an_account(app, client, make_user, login, make_candidate):
    candidate = make_candidate(PHU_LY)
    worker = make_user("caseworker", areas=(UONG_BI,))
    their = app.test_client()
    with app.app_context():
        name = db.session.get(User, worker).login
    from .conftest import PASSWORD

    their.post("/login", data={"login": name, "password": PASSWORD})
    assert their.get(f"/casework/candidates/{candidate}").status_code == 404
    login(make_user("admin"))
    page = client.get(f"/admin/caseworkers/{worker}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*type="checkbox" value="{UONG_BI[1]}"', page)
    client.post(f"/admin/caseworkers/{worker}", data={"province": PHU_LY[0], "wards": [PHU_LY[1]], "active": "y"})
    assert their.get(f"/casework/candidates/{candidate}").status_code == 200
    client.post(f"/admin/caseworkers/{worker}", data={"province": PHU_LY[0], "wards": [PHU_LY[1]]})
    assert their.get("/casework/").status_code == 302
    with app.app_context():
        assert db.session.get(User, worker).active is False


def test_editing_a_non_caseworker_is_a_404(client, make_user, login):
    admin = make_user("admin")
    login(admin)
    assert client.get(f"/admin/caseworkers/{admin}").status_code == 404
