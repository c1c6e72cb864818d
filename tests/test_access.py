"""Who may reach what [SECURITY 8-10, 12]."""
import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import AuditEvent, CandidateProfile, User
from marketplace.public import API_OPEN_ENDPOINTS, PUBLIC_ENDPOINTS

from .conftest import PHU_LY, UONG_BI

ROLE_HOMES = {"candidate": "/me/", "caseworker": "/casework/", "employer": "/employer/", "admin": "/admin/"}


def _concrete_urls(app):
    """Every rule of the app with its converters filled by 1."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS | API_OPEN_ENDPOINTS:
            continue
        values = {arg: 1 for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        method = next(m for m in ("GET", "POST", "PATCH", "DELETE") if m in rule.methods)
        yield rule.endpoint, method, url


def test_req_08_every_non_public_route_sends_an_anonymous_visitor_to_login(app, client):
    urls = [u for u in _concrete_urls(app) if not u[0].startswith("api.")]
    assert len(urls) >= 8
    for endpoint, method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, endpoint
        assert "/login" in response.location, endpoint


def test_req_08_every_api_route_but_sign_in_answers_an_anonymous_caller_401(app, client):
    urls = [u for u in _concrete_urls(app) if u[0].startswith("api.")]
    assert len(urls) >= 10
    for endpoint, method, url in urls:
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, endpoint
        assert response.mimetype == "application/problem+json" and response.json["code"] == "unauthorized"


def test_req_08_the_public_allowlist_names_real_endpoints(app):
    assert PUBLIC_ENDPOINTS <= {r.endpoint for r in app.url_map.iter_rules()}


@pytest.mark.parametrize("role", ROLE_HOMES)
@pytest.mark.parametrize("other", ROLE_HOMES)
def test_each_role_home_refuses_the_other_roles(role, other, make_user, login, client):
    login(make_user(role))
    expected = 200 if role == other else 403
    assert client.get(ROLE_HOMES[other]).status_code == expected


def test_req_10_a_caseworker_sees_only_their_communes(make_user, make_candidate, login, client):
    mine = make_candidate(UONG_BI, full_name="Trần Văn An")
    theirs = make_candidate(PHU_LY, full_name="Lê Thị Bình")
    login(make_user("caseworker", areas=(UONG_BI,)))
    page = client.get("/casework/").get_data(as_text=True)
    assert "Trần Văn An" in page and "Lê Thị Bình" not in page
    assert client.get(f"/casework/candidates/{mine}").status_code == 200
    assert client.get(f"/casework/candidates/{theirs}").status_code == 404


def test_req_13_reassigning_communes_takes_effect_on_the_next_request(app, make_user, make_candidate, login, client):
    candidate = make_candidate(PHU_LY)
    uid = make_user("caseworker", areas=(UONG_BI,))
    login(uid)
    assert client.get(f"/casework/candidates/{candidate}").status_code == 404
    with app.app_context():
        from marketplace.services.accounts import Area, set_areas

        set_areas(db.session.get(User, uid).caseworker, [Area(*PHU_LY)])
        db.session.commit()
    assert client.get(f"/casework/candidates/{candidate}").status_code == 200


def test_req_20_viewing_a_record_writes_the_audit_trail_first(app, make_user, make_candidate, login, client):
    """The legal tab is the sensitive view; the other tabs leave a plain view event."""
    candidate = make_candidate(UONG_BI, offence_category="property")
    uid = make_user("caseworker")
    login(uid)
    client.get(f"/casework/candidates/{candidate}")
    client.get(f"/casework/candidates/{candidate}/legal")
    with app.app_context():
        plain, sensitive = db.session.scalars(select(AuditEvent).where(
            AuditEvent.subject_type == "candidate", AuditEvent.subject_id == candidate)
            .order_by(AuditEvent.id)).all()
    assert plain.action == "view_candidate_record" and plain.categories == []
    assert sensitive.user_id == uid and sensitive.role == "caseworker"
    assert sensitive.action == "view_candidate" and "conviction" in sensitive.categories
    assert sensitive.request_id and sensitive.route == "caseworker.record_tab"
    assert "property" not in str(sensitive.categories)


def test_req_12_posted_role_and_admin_fields_have_no_effect(app, sign_up):
    sign_up({
        "full_name": "Phạm Văn Cường", "phone": "0987654321", "province": UONG_BI[0],
        "ward": UONG_BI[1], "password": "một câu đủ dài", "confirm": "một câu đủ dài",
        "role": "admin", "is_admin": "1"})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == "0987654321"))
        assert user.role == "candidate"
        assert db.session.scalar(select(CandidateProfile).where(CandidateProfile.user_id == user.id))


def test_the_caseload_list_shows_no_sensitive_field(make_user, make_candidate, login, client):
    make_candidate(UONG_BI, full_name="Trần Văn An", legal_status="probation", offence_category="drugs",
                   health_notes="SENTINEL-HEALTH", address_line="SENTINEL-ADDRESS")
    login(make_user("caseworker", areas=(UONG_BI,)))
    page = client.get("/casework/").get_data(as_text=True)
    assert "Trần Văn An" in page
    for secret in ("SENTINEL", "thử thách", "Ma túy"):
        assert secret not in page
