"""Hostile paths, page numbers and NUL bytes over the whole app (issue 12, hole 1): a 4xx, never a
500, on SQLite and PostgreSQL [SECURITY 30]. (Kept apart from test_req_30_hostile_input.py: a
module-scoped programme and the per-test `app` fixture must not share a PostgreSQL database.)"""
from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import User

from . import scenario as sc
from .authz_matrix import MATRIX
from .conftest import UONG_BI
from .test_req_09_authorization_matrix import _ROUTES, _cells

HUGE = ("2147483648", "99999999999999999999999")


scenario = sc.module_fixture()


def _served_by(key: str) -> str:
    """A subject the matrix says the route serves (anonymous for public routes)."""
    row = MATRIX[key].split()
    return next((s for s, want in zip(sc.SUBJECTS, row) if want in "OV"), "anonymous")


def test_req_30_a_huge_id_in_any_path_is_a_404(scenario):
    """(A 405 where another method's rule has the same path: the router checks methods first.)"""
    failures = []
    for endpoint, method in _ROUTES:
        for key, url in _cells(scenario, endpoint, method):
            ids = {str(v) for k, v in scenario.ids.items() if isinstance(v, int)}
            if not any(f"/{i}" in url for i in ids) or endpoint == "static":
                continue
            for huge in HUGE:
                # Every number of the path that names a record becomes huge, one at a time.
                for match in re.finditer(r"/(\d+)(?=/|$)", url):
                    hostile = url[:match.start(1)] + huge + url[match.end(1):]
                    response = scenario.request(_served_by(key), method, hostile, endpoint)
                    if response.status_code not in (404, 405):
                        failures.append(f"{method} {hostile}: {response.status_code}")
    assert failures == []


def test_req_30_a_huge_or_odd_page_number_is_never_a_server_error(scenario):
    failures = []
    for endpoint, method in _ROUTES:
        if method != "GET" or endpoint == "static":
            continue
        for key, url in _cells(scenario, endpoint, method):
            for page in ("99999999999999999999999", "2147483648", "-5", "0", "x", "1e9"):
                response = scenario.request(_served_by(key), "GET", url,
                                            query_string={"page": page, "per_page": page})
                if response.status_code >= 500:
                    failures.append(f"{url}?page={page}: {response.status_code}")
    assert failures == []


NUL = "Ng\x00uyễn"


def test_req_30_nul_bytes_in_searches_and_names_are_refused_cleanly(scenario):
    """PostgreSQL refuses NUL in text: every search and name field must stop it first."""
    ids = scenario.ids
    candidate = f"/casework/candidates/{ids['candidate_id']}"
    checks = [
        ("caseworker", "GET", "/casework/", {"query_string": {"q": NUL}}),
        ("caseworker", "GET", "/casework/", {"query_string": {"q": NUL, "show": "\x00"}}),
        ("caseworker", "GET", "/api/v1/candidates", {"query_string": {"q": NUL}}),
        ("caseworker", "GET", "/casework/plan", {"query_string": {"ward": NUL, "position": NUL}}),
        ("caseworker", "GET", "/casework/positions", {"query_string": {"q": NUL}}),
        ("admin", "GET", "/admin/referrals", {"query_string": {"status": NUL}}),
        ("caseworker", "POST", "/casework/candidates/new",
         {"data": {"full_name": NUL, "ward": str(UONG_BI[1]), "phone": "09\x00"}}),
        ("caseworker", "POST", "/api/v1/candidates",
         {"json": {"full_name": NUL, "province_code": UONG_BI[0], "ward_code": UONG_BI[1]}}),
        ("caseworker", "POST", f"{candidate}/notes",
         {"data": {"kind": "visit", "occurred_on": "2026-01-02", "body": NUL}}),
        ("caseworker", "POST", f"/api/v1/candidates/{ids['candidate_id']}/notes",
         {"json": {"kind": "visit", "occurred_on": "2026-01-02", "body": NUL}}),
        ("candidate", "POST", "/me/profile", {"data": {"full_name": NUL, "experience": NUL}}),
        ("candidate", "PATCH", "/api/v1/me/profile", {"json": {"experience": NUL}}),
        ("employer_consented", "POST", "/employer/positions/new", {"data": {"title": NUL}}),
        ("employer_consented", "POST", "/api/v1/positions", {"json": {"title": NUL, "sector": "quarry"}}),
        ("anonymous", "POST", "/login", {"data": {"login": NUL, "password": NUL}}),
        ("anonymous", "POST", "/api/v1/tokens", {"json": {"login": NUL, "password": NUL}}),
        ("anonymous", "POST", "/register", {"data": {"full_name": NUL, "phone": "0987\x00654321"}}),
    ]
    failures = []
    for subject, method, url, kwargs in checks:
        response = scenario.request(subject, method, url, **kwargs)
        if response.status_code >= 500:
            failures.append(f"{method} {url}: {response.status_code}")
        scenario.after(response)
    assert failures == []
    with scenario.app.app_context():
        names = db.session.scalars(select(User.full_name)).all()
    assert not any("\x00" in name for name in names)


