"""My data: everything held, as a download and a page; who viewed the record (role and
organisation, never a staff name); asking the caseworker to correct or delete something."""
import json

from sqlalchemy import select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CaseTask, DataRequest, Notification, User

from .conftest import PASSWORD


def test_req_23_the_download_holds_everything_about_me_and_no_secrets(app, client, cast, login):
    with app.app_context():
        profile = db.session.get(User, cast.candidate_user).candidate
        profile.experience, profile.claim_code_hash = "SENTINEL-MINE", "SENTINEL-HASH"
        db.session.commit()
    login(cast.candidate_user)
    client.post("/me/consents", data={"purpose": "model_use"})
    response = client.get("/me/data.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["experience"] == "SENTINEL-MINE"
    assert [c["purpose"] for c in data["consents"]] == ["model_use"]
    body = response.get_data(as_text=True)
    for secret in ("SENTINEL-HASH", "password_hash", "session_token", "$argon2"):
        assert secret not in body


def test_req_21_who_viewed_my_record_shows_role_and_organisation_not_names(app, client, cast, login):
    caseworker = app.test_client()
    with app.app_context():
        caseworker_user = db.session.get(User, cast.caseworker)
        name, login_name = caseworker_user.full_name, caseworker_user.login
    caseworker.post("/login", data={"login": login_name, "password": PASSWORD})
    assert caseworker.get(f"/casework/candidates/{cast.candidate}").status_code == 200
    login(cast.candidate_user)
    client.get("/me/data")
    page = client.get("/me/data").get_data(as_text=True)
    assert page.count("Một cán bộ") == 1 and "Công an" in page
    assert name not in page


def test_asking_for_a_correction_puts_a_task_on_the_caseworker_s_panel(app, client, cast, login):
    login(cast.candidate_user)
    response = client.post("/me/data", data={"kind": "correct", "body": "Năm sinh của tôi là 1990."})
    assert response.status_code == 302 and response.location.endswith("/me/data")
    with app.app_context():
        task = db.session.scalar(select(CaseTask))
        asked = db.session.scalar(select(DataRequest))
        assert (task.kind, task.candidate_id, task.due_on, task.done_at) == (
            "data_request", cast.candidate, clock.today(), None)
        assert (asked.task_id, asked.kind, asked.body) == (task.id, "correct", "Năm sinh của tôi là 1990.")
        told = db.session.scalars(select(Notification.recipient_id).where(Notification.template == "data_request")).all()
        assert told == [cast.caseworker]


def test_a_request_without_words_is_refused_and_keeps_the_choice(app, client, cast, login):
    login(cast.candidate_user)
    page = client.post("/me/data", data={"kind": "delete", "body": ""}).get_data(as_text=True)
    assert "Trường này là bắt buộc" in page and "checked id=\"kind-1\" name=\"kind\" required type=\"radio\" value=\"delete\"" in page
    with app.app_context():
        assert db.session.scalar(select(CaseTask)) is None
