"""/api/v1: tokens, problem+json, scoping, the pipeline's endpoints and the OpenAPI document."""
from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, insert, select, update

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import ApiToken, CandidateProfile, Consent, Position, Referral, User

from .conftest import PASSWORD, PHU_LY, UONG_BI


def test_the_openapi_document_is_valid_and_lists_every_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    assert document["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops
                  if method in ("get", "post", "patch", "put", "delete")}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint.startswith("api."):
            path = rule.rule.replace("<id:", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)
    assert client.get("/api/docs").status_code == 200


def test_a_token_signs_in_and_is_stored_hashed(app, cast, token, api):
    headers = token(cast.caseworker)
    me = api("GET", "/me", headers)
    assert me.status_code == 200
    assert me.json == {"id": cast.caseworker, "role": "caseworker", "name": me.json["name"], "language": "vi"}
    raw = headers["Authorization"].split()[1]
    assert len(raw) >= 43  # 32 random bytes
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert stored and raw not in stored


def test_a_wrong_password_is_401_and_the_login_limit_is_429(app, cast, client):
    with app.app_context():
        login = db.session.get(User, cast.caseworker).login
    answers = [client.post("/api/v1/tokens", json={"login": login, "password": "sai mật khẩu rồi"}).status_code
               for _ in range(6)]
    assert answers[:5] == [401] * 5 and answers[5] == 429
    refused = client.post("/api/v1/tokens", json={"login": login, "password": PASSWORD})
    assert refused.status_code == 429 and refused.json["code"] == "rate_limited"


def test_revoking_logging_out_and_expiry_end_a_token(app, cast, token, api, client):
    first, second, third = token(cast.employer_user), token(cast.employer_user), token(cast.employer_user)
    assert api("DELETE", "/tokens/current", first).status_code == 204
    assert api("GET", "/me", first).status_code == 401
    with app.app_context():
        db.session.execute(update(ApiToken).values(expires_at=clock.now() - timedelta(seconds=1))
                           .where(ApiToken.token_hash != "x").execution_options(synchronize_session=False))
        db.session.commit()
    assert api("GET", "/me", second).status_code == 401
    fresh = token(cast.employer_user)
    with app.app_context():
        from marketplace.services import accounts

        accounts.end_sessions(db.session.get(User, cast.employer_user))  # logout or password change
        db.session.commit()
    assert api("GET", "/me", fresh).status_code == 401
    assert api("GET", "/me", third).status_code == 401


def test_the_api_never_accepts_the_session_cookie(cast, client, login):
    login(cast.caseworker)
    assert client.get("/casework/").status_code == 200
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401 and answer.mimetype == "application/problem+json"


def test_a_role_that_may_never_call_gets_403_and_out_of_scope_is_404(app, cast, token, api, make_position):
    candidate, employer, other = token(cast.candidate_user), token(cast.employer_user), token(cast.other_employer_user)
    assert api("GET", "/positions", candidate).status_code == 403
    assert api("GET", f"/positions/{cast.position}", employer).json["id"] == cast.position
    assert api("GET", f"/positions/{cast.position}", other).status_code == 404
    assert api("GET", "/positions/99999999999", employer).status_code == 404
    mine = api("GET", "/positions", employer).json
    assert [p["id"] for p in mine["items"]] == [cast.position] and mine["total"] == 1
    assert {"seats_left", "in_progress", "excluded_offences", "leads_to_position_id"} <= set(mine["items"][0])
    far = make_position(cast.other_employer, PHU_LY, title="Việc ở Phủ Lý")
    seen = api("GET", "/positions", token(cast.caseworker)).json["items"]
    assert cast.position in [p["id"] for p in seen] and far not in [p["id"] for p in seen]
    assert api("GET", f"/positions/{far}", token(cast.caseworker)).status_code == 404


def test_the_pipeline_through_the_api(app, cast, token, api, give_consent):
    person, caseworker, employer = token(cast.candidate_user), token(cast.caseworker), token(cast.employer_user)
    made = api("POST", "/referrals", person, json={"candidate_id": cast.candidate, "position_id": cast.position})
    assert made.status_code == 201 and made.json["status"] == "proposed"
    rid = made.json["id"]
    again = api("POST", "/referrals", person, json={"candidate_id": cast.candidate, "position_id": cast.position})
    assert (again.status_code, again.json["code"], again.json["id"]) == (409, "duplicate", rid)
    assert api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "approved"}).status_code == 200
    no_consent = api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "sent"})
    assert (no_consent.status_code, no_consent.json["code"]) == (409, "consent_missing")
    give_consent(cast.candidate, cast.employer)
    assert api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "sent"}).status_code == 200
    wrong = api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "hired", "on": "2026-11-20"})
    assert (wrong.status_code, wrong.json["code"]) == (409, "transition_not_allowed")
    hired = api("POST", f"/referrals/{rid}/transitions", employer,
                json={"to": "hired", "on": (clock.today() - timedelta(days=31)).isoformat()})
    assert hired.status_code == 200 and hired.json["status"] == "hired"
    assert [e["to"] for e in hired.json["events"]] == ["sent", "hired"]  # the company's view
    full = api("GET", f"/referrals/{rid}", caseworker).json
    assert [e["to"] for e in full["events"]] == ["proposed", "approved", "sent", "hired"]
    assert full["events"][0]["at"].endswith("+00:00") and "person" not in full
    kept = api("POST", f"/referrals/{rid}/retention", employer, json={"day": 30, "retained": True})
    assert kept.status_code == 200
    assert api("GET", "/me/referrals", person).json["items"][0]["status"] == "hired"
    assert api("GET", f"/referrals/{rid}", token(cast.other_caseworker)).status_code == 404
    assert api("GET", f"/referrals/{rid}", token(cast.other_employer_user)).status_code == 404


@pytest.mark.parametrize("language, message, not_integer", [
    ("vi", "Hãy nhập ngày.", "Không phải số nguyên hợp lệ."),
    ("en", "Enter the date.", "Not a valid integer."),
])
def test_validation_errors_name_the_field_in_the_callers_language(cast, token, api, give_consent, language,
                                                                  message, not_integer):
    headers = {**token(cast.caseworker), "Accept-Language": language}
    bad = api("POST", "/referrals", headers, json={"candidate_id": "many", "position_id": -3, "extra": 1})
    assert bad.status_code == 422 and bad.json["code"] == "validation"
    assert set(bad.json["errors"]) == {"candidate_id", "position_id", "extra"}
    assert bad.json["errors"]["candidate_id"] == [not_integer]
    rid = api("POST", "/referrals", headers, json={"candidate_id": cast.candidate,
                                                   "position_id": cast.position}).json["id"]
    api("POST", f"/referrals/{rid}/transitions", headers, json={"to": "approved"})
    give_consent(cast.candidate, cast.employer)
    api("POST", f"/referrals/{rid}/transitions", headers, json={"to": "sent"})
    employer = {**token(cast.employer_user), "Accept-Language": language}
    missing = api("POST", f"/referrals/{rid}/transitions", employer, json={"to": "interview"})
    assert missing.status_code == 422 and missing.json["errors"] == {"on": [message]}


def test_a_company_sees_only_what_the_person_agreed_to_share(app, cast, token, api, give_consent):
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        profile.health_notes, profile.address_line = "SENTINEL-HEALTH", "SENTINEL-ADDRESS"
        profile.offence_category, profile.legal_status = "drugs", "probation"
        db.session.commit()
    caseworker = token(cast.caseworker)
    rid = api("POST", "/referrals", caseworker, json={"candidate_id": cast.candidate,
                                                      "position_id": cast.position}).json["id"]
    api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "approved"})
    give_consent(cast.candidate, cast.employer)
    api("POST", f"/referrals/{rid}/transitions", caseworker, json={"to": "sent", "note": "SENTINEL-NOTE drugs"})
    employer = token(cast.employer_user)
    for path in (f"/positions/{cast.position}/referrals", f"/referrals/{rid}", "/referrals"):
        body = api("GET", path, employer).get_data(as_text=True)
        assert "SENTINEL-HEALTH" not in body and "SENTINEL-ADDRESS" not in body and "probation" not in body
        assert '"drugs"' not in body
    seen = api("GET", f"/referrals/{rid}", employer).json
    assert [(e["to"], e["note"], e["actor"]) for e in seen["events"]] == [("sent", "", None)]
    shared = seen["person"]
    assert shared["shared"] is True and shared["skills"] == ["stone_cutting"] and shared["offence_category"] is None
    with app.app_context():
        db.session.execute(update(Consent).values(withdrawn_at=clock.now()).execution_options(synchronize_session=False))
        db.session.commit()
    hidden = api("GET", f"/referrals/{rid}", employer).json["person"]
    assert hidden == {"shared": False, "offence_category": None}


def test_suggestions_with_reasons_for_the_person_and_their_caseworker(cast, token, api):
    mine = api("GET", "/me/suggestions", token(cast.candidate_user))
    theirs = api("GET", f"/candidates/{cast.candidate}/suggestions", token(cast.caseworker))
    assert mine.status_code == theirs.status_code == 200
    assert [s["position_id"] for s in mine.json] == [cast.position] == [s["position_id"] for s in theirs.json]
    assert mine.json[0]["reasons"] and {"code", "text"} <= set(mine.json[0]["reasons"][0])
    assert api("GET", f"/candidates/{cast.candidate}/suggestions", token(cast.other_caseworker)).status_code == 404
    ranked = api("GET", f"/positions/{cast.position}/candidates", token(cast.caseworker)).json
    assert [r["candidate_id"] for r in ranked] == [cast.candidate]


def test_lists_are_paged_and_bounded(cast, token, api):
    headers = token(cast.admin)
    listed = api("GET", "/positions?page=1&per_page=1", headers).json
    assert (listed["page"], listed["per_page"], listed["total"], len(listed["items"])) == (1, 1, 1, 1)
    assert api("GET", "/positions?per_page=101", headers).status_code == 422
    assert api("GET", "/positions?page=99999999999999", headers).status_code == 422
    assert api("GET", "/referrals?status=nonsense", headers).status_code == 422


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 64, "max_overflow": 4, "pool_pre_ping": True, "hide_parameters": True}}


def test_sixty_hires_through_the_api_fill_five_seats(app, cast, token):
    with app.app_context():
        now, ids = clock.now(), []
        for i in range(60):
            person = CandidateProfile(full_name=f"Người {i}", province_code=UONG_BI[0], ward_code=UONG_BI[1])
            db.session.add(person)
            db.session.flush()
            db.session.add(Consent(candidate_id=person.id, purpose="employer", employer_id=cast.employer,
                                   notice_version="2026-01"))
            ids.append(db.session.execute(insert(Referral).values(
                candidate_id=person.id, position_id=cast.position, status="sent", created_at=now,
                updated_at=now).returning(Referral.id)).scalar())
        db.session.commit()
    headers = token(cast.employer_user)
    gate = threading.Barrier(60)

    def hire(rid: int):
        client = app.test_client()
        gate.wait()
        answer = client.post(f"/api/v1/referrals/{rid}/transitions", headers=headers,
                             json={"to": "hired", "on": clock.today().isoformat()})
        return answer.status_code, answer.json.get("code") if answer.status_code != 200 else "ok"

    with ThreadPoolExecutor(max_workers=60) as pool:
        outcome = Counter(pool.map(hire, ids))
    assert outcome == {(200, "ok"): 5, (409, "position_full"): 55}
    with app.app_context():
        assert db.session.get(Position, cast.position).filled == 5
        assert db.session.scalar(select(func.count()).select_from(Referral).where(Referral.status == "hired")) == 5


@pytest.mark.parametrize("body", ["[" * 100_000, '{"a":' * 100_000])
def test_a_body_nested_too_deep_is_a_bad_request_not_a_server_error(client, body):
    """json.loads runs out of recursion on it: found by test_req_30_no_server_error.py."""
    response = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
