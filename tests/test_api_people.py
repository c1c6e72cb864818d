"""/api/v1 for a caseworker's people and for the person's own side."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Consent

from .conftest import PHU_LY, UONG_BI


def test_the_caseload_is_scoped_and_searched_literally(cast, token, api, make_candidate):
    make_candidate(UONG_BI, full_name="Lê 100% Văn")
    make_candidate(PHU_LY, full_name="Lê Ở Phủ Lý")
    headers = token(cast.caseworker)
    names = [p["full_name"] for p in api("GET", "/candidates?q=Lê", headers).json["items"]]
    assert names == ["Lê 100% Văn"]
    assert [p["full_name"] for p in api("GET", "/candidates?q=%", headers).json["items"]] == ["Lê 100% Văn"]
    assert api("GET", f"/candidates/{cast.candidate}", token(cast.other_caseworker)).status_code == 404
    assert api("GET", "/candidates", token(cast.employer_user)).status_code == 403


def test_a_profile_made_on_behalf_comes_with_a_claim_code_once(app, cast, token, api):
    headers = token(cast.caseworker)
    made = api("POST", "/candidates", headers, json={"full_name": "Trần Văn Mới", "birth_year": 1988,
                                                     "province_code": UONG_BI[0], "ward_code": UONG_BI[1]})
    assert made.status_code == 201 and len(made.json["claim_code"]) == 8
    again = api("GET", f"/candidates/{made.json['id']}", headers).json
    assert again["full_name"] == "Trần Văn Mới" and "claim_code" not in again
    with app.app_context():
        stored = db.session.get(CandidateProfile, made.json["id"]).claim_code_hash
    assert stored and made.json["claim_code"] not in stored
    elsewhere = api("POST", "/candidates", headers, json={"full_name": "Người khác", "province_code": PHU_LY[0],
                                                          "ward_code": PHU_LY[1]})
    assert elsewhere.status_code == 422 and "ward" in elsewhere.json["errors"]
    wrong_pair = api("POST", "/candidates", headers, json={"full_name": "Sai xã", "province_code": PHU_LY[0],
                                                           "ward_code": UONG_BI[1]})
    assert wrong_pair.status_code == 422 and list(wrong_pair.json["errors"]) == ["ward_code"]


@pytest.mark.parametrize("language, message", [
    ("vi", "Nhập thời hạn tù"), ("en", "Enter the length of the prison sentence in months."),
])
def test_the_legal_section_is_checked_and_dates_computed(cast, token, api, language, message):
    headers = token(cast.caseworker, language)
    missing = api("PATCH", f"/candidates/{cast.candidate}", headers, json={"sentence_kind": "prison"})
    assert missing.status_code == 422 and message.split(".")[0][:12] in missing.json["errors"]["sentence_months"][0]
    release = (clock.today() - timedelta(days=400)).isoformat()
    done = api("PATCH", f"/candidates/{cast.candidate}", headers, json={
        "status": "released", "offence_category": "property", "sentence_kind": "prison",
        "sentence_months": 24, "release_date": release})
    assert done.status_code == 200 and done.json["sentence_months"] == 24
    assert done.json["expungement_date"] is not None
    assert api("PATCH", f"/candidates/{cast.candidate}", headers, json={"offence_category": "Drugs"}).status_code == 422
    far = api("PATCH", f"/candidates/{cast.candidate}", headers, json={"penalty_end": "9999-12-31"})
    assert far.status_code == 422 and list(far.json["errors"]) == ["penalty_end"]  # not past date.max


def test_paper_consents_are_recorded_and_withdrawn_by_the_person(app, cast, token, api):
    caseworker = token(cast.caseworker)
    # a consent per company is for a company the person is referred to
    assert api("POST", "/referrals", caseworker, json={"candidate_id": cast.candidate,
                                                      "position_id": cast.position}).status_code == 201
    given = api("POST", f"/candidates/{cast.candidate}/consents", caseworker,
                json={"purpose": "employer", "employer_id": cast.employer, "reference": "Phiếu 7"})
    assert given.status_code == 201 and given.json["reference"] == "Phiếu 7"
    assert api("POST", f"/candidates/{cast.candidate}/consents", caseworker,
               json={"purpose": "employer", "reference": "Phiếu 8"}).status_code == 422
    # a company the person is not referred to, or one that does not exist: refused, not a 500
    for employer_id in (cast.other_employer, 289882381):
        assert api("POST", f"/candidates/{cast.candidate}/consents", caseworker, json={
            "purpose": "offence", "employer_id": employer_id, "reference": "Phiếu 9"}).status_code == 422
    assert api("DELETE", f"/consents/{given.json['id']}", token(cast.other_caseworker)).status_code == 404
    assert api("DELETE", f"/consents/{given.json['id']}", token(cast.candidate_user)).status_code == 204
    with app.app_context():
        assert db.session.get(Consent, given.json["id"]).withdrawn_at is not None


def test_visits_support_and_milestones(app, cast, token, api):
    headers = token(cast.caseworker)
    today = clock.today().isoformat()
    assert api("POST", f"/candidates/{cast.candidate}/notes", headers,
               json={"kind": "visit", "occurred_on": today, "body": "Thăm nhà"}).status_code == 201
    future = (clock.today() + timedelta(days=3)).isoformat()
    late = api("POST", f"/candidates/{cast.candidate}/notes", headers,
               json={"kind": "visit", "occurred_on": future, "body": "Sẽ thăm"})
    assert late.status_code == 422 and list(late.json["errors"]) == ["occurred_on"]
    assert api("POST", f"/candidates/{cast.candidate}/support", headers,
               json={"kind": "loan", "occurred_on": today, "amount_vnd": -5}).status_code == 422
    assert api("POST", f"/candidates/{cast.candidate}/support", headers,  # past PostgreSQL's integer
               json={"kind": "loan", "occurred_on": today, "amount_vnd": 2**31, "purpose": "x"}).status_code == 422
    assert api("POST", f"/candidates/{cast.candidate}/support", headers,
               json={"kind": "loan", "occurred_on": today, "amount_vnd": 20_000_000,
                     "purpose": "Mua máy may"}).status_code == 201
    with app.app_context():
        db.session.get(CandidateProfile, cast.candidate).offence_category = "drugs"
        db.session.commit()
    assert api("POST", f"/candidates/{cast.candidate}/milestones", headers,
               json={"kind": "expunged", "on": today}).status_code == 201
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert profile.offence_category is None and profile.legal_status == "expunged"


def test_the_person_keeps_their_profile_but_not_the_legal_section(app, cast, token, api):
    headers = token(cast.candidate_user, "en")
    mine = api("GET", "/me/profile", headers).json
    assert mine["id"] == cast.candidate and "legal_status" in mine["legal"]
    bad = api("PATCH", "/me/profile", headers, json={"birth_year": 1850})
    assert bad.status_code == 422 and list(bad.json["errors"]) == ["birth_year"]
    assert api("PATCH", "/me/profile", headers, json={"legal_status": "expunged"}).status_code == 422
    changed = api("PATCH", "/me/profile", headers, json={"skills": ["sewing", "welding"], "needs_loan": True})
    assert changed.status_code == 200
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert sorted(profile.skills) == ["sewing", "welding"] and profile.needs_loan is True
        assert profile.legal_status == "released"


def test_the_persons_consents_data_and_who_viewed(app, cast, token, api):
    person = token(cast.candidate_user)
    assert api("POST", "/me/consents", person, json={"purpose": "model_use"}).status_code == 201
    assert api("POST", "/me/consents", person, json={"purpose": "employer",
                                                      "employer_id": cast.employer}).status_code == 422
    assert [c["purpose"] for c in api("GET", "/me/consents", person).json] == ["model_use"]
    api("GET", f"/candidates/{cast.candidate}", token(cast.caseworker))
    views = api("GET", "/me/views", person).json
    assert views and views[-1]["role"] == "caseworker" and "name" not in views[-1]
    data = api("GET", "/me/data", person)
    assert data.status_code == 200 and cast.candidate in [data.json.get("profile", {}).get("id"), data.json.get("id")]
    with app.app_context():
        assert db.session.scalars(select(Consent.purpose)).all() == ["model_use"]
