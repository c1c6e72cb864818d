"""Headers [SECURITY 17] and CSRF [SECURITY 16]: this module runs the app with CSRF enabled."""
from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.public import PUBLIC_ENDPOINTS
from marketplace.security import CSP

from . import scenario as sc
from .authz_matrix import MATRIX
from .test_req_09_authorization_matrix import _ROUTES, _cells

REQUIRED_CSP = {"default-src": "'self'", "object-src": "'none'", "base-uri": "'none'",
                "frame-ancestors": "'none'"}


scenario = sc.module_fixture(WTF_CSRF_ENABLED=True)


def _directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_req_17_every_page_sends_the_csp_and_the_security_headers(scenario):
    # The requirement's four directives exactly, and one more that only narrows: forms post here.
    assert _directives(CSP) == {**REQUIRED_CSP, "form-action": "'self'"}
    for subject, url in (("anonymous", "/"), ("anonymous", "/login"), ("anonymous", "/nowhere"),
                         ("candidate", "/me/"), ("caseworker", "/casework/"), ("admin", "/admin/"),
                         ("anonymous", "/api/v1/me")):
        headers = scenario.request(subject, "GET", url).headers
        assert headers["Content-Security-Policy"] == CSP, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert len(headers["X-Request-Id"]) == 32, url


def test_req_17_signed_in_pages_and_token_answers_are_never_cached(scenario):
    """Every page a signed-in subject is served, and every API answer to a bearer token (the API's
    public documents aside)."""
    cached = []
    for endpoint, method in _ROUTES:
        if method != "GET" or endpoint == "static":
            continue
        for key, url in _cells(scenario, endpoint, method):
            for subject, want in zip(sc.SUBJECTS, MATRIX[key].split()):
                if subject == "anonymous" or want != "O":
                    continue
                response = scenario.request(subject, method, url, endpoint)
                if response.headers.get("Cache-Control") != "no-store":
                    cached.append(f"{key} as {subject}")
    assert [c for c in cached if c.split()[0] not in PUBLIC_ENDPOINTS] == []
    assert scenario.request("anonymous", "GET", "/").headers.get("Cache-Control") != "no-store"


@pytest.mark.parametrize("debug", [False, True])
def test_req_17_hsts_outside_development_only(tmp_path, debug):
    app = create_app({"SECRET_KEY": "k" * 32, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/h.sqlite3",
                      "DEBUG": debug}, instance_path=str(tmp_path))
    response = app.test_client().get("/", base_url="https://loive.example")
    hsts = response.headers.get("Strict-Transport-Security")
    assert (hsts == "max-age=31536000; includeSubDomains") if not debug else hsts is None


def _web_posts():
    return [(e, m) for e, m in _ROUTES if m == "POST" and not e.startswith("api.")]


def test_req_16_the_web_has_post_routes_to_check():
    assert len(_web_posts()) >= 40


@pytest.mark.parametrize(("endpoint", "method"), _web_posts(), ids=[e for e, _m in _web_posts()])
def test_req_16_every_web_post_refuses_a_missing_csrf_token(scenario, endpoint, method):
    """Posted by a subject the route serves (so only the token is missing), with the body that
    would otherwise be accepted: a 400, and nothing written."""
    for key, url in _cells(scenario, endpoint, method):
        row = MATRIX[key].split()
        subject = next((s for s, want in zip(sc.SUBJECTS, row) if want in "OV"), "anonymous")
        before = scenario.count_rows()
        response = scenario.request(subject, method, url, endpoint)
        assert response.status_code == 400, (key, subject, response.status_code)
        assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True), key  # the CSRF page, not another 400
        assert scenario.count_rows() == before, key


def test_req_16_the_same_post_with_its_token_is_accepted(scenario):
    client = scenario.client("candidate")
    token = sc.csrf_token(client.get("/me/profile"))
    assert token
    assert client.post("/language", data={"lang": "en", "next": "/me/"}).status_code == 400
    response = client.post("/language", data={"lang": "en", "next": "/me/", "csrf_token": token})
    assert response.status_code == 302 and response.location.endswith("/me/")
