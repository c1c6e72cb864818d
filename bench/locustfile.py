"""The pages of bench_pages.py, for locust: one user class per page, all in the same run.

Read by ``bench/bench_pages.py`` (which passes the ids below through the environment); not a test.
Users wait for nothing between requests: each class's throughput is what the server gives it.
"""
from __future__ import annotations

import os
import re

from locust import HttpUser, constant, task


def page(name: str, login: str | None, url, api: bool = False):
    """A locust user class that requests one page as `login`, without pause: with that login's
    session cookie, or for the API (`api=True`) with its bearer token."""

    class Page(HttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            # Signed in once by bench_pages.py before the run (a password hash costs tens of ms
            # on purpose; 32 sign-ins are not what is measured): that login's session cookie.
            if login is not None and api:
                self.client.headers["Authorization"] = f"Bearer {os.environ[f'BENCH_TOKEN_{login}']}"
            elif login is not None:
                self.client.cookies.set("session", os.environ[f"BENCH_SESSION_{login}"])

        @task
        def get(self) -> None:
            with self.client.get(url(), name=name, allow_redirects=False, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")

    Page.__name__ = Page.__qualname__ = re.sub(r"\W", "", name.title())
    return Page


CANDIDATE, CASEWORKER, EMPLOYER = "0912000001", "canbo.uongbi@loive.vn", "tuyendung@dakienkhe.vn"
Health = page("/healthz", None, lambda: "/healthz")
Suggestions = page("candidate: suggestions", CANDIDATE, lambda: "/me/")
Today = page("caseworker: today panel", CASEWORKER, lambda: "/casework/")
Caseload = page("caseworker: caseload (filtered, p2)", CASEWORKER, lambda: "/casework/?show=visits_due&page=2")
Record = page("caseworker: person's record", CASEWORKER,
              lambda: f"/casework/candidates/{os.environ['BENCH_PERSON']}")
Ranked = page("caseworker: ranked candidates", CASEWORKER,
              lambda: f"/casework/positions/{os.environ['BENCH_POSITION']}")
Employer = page("employer: dashboard", EMPLOYER, lambda: "/employer/")
ApiSuggestions = page("API: my suggestions", CANDIDATE, lambda: "/api/v1/me/suggestions", api=True)
ApiCaseload = page("API: caseload", CASEWORKER, lambda: "/api/v1/candidates", api=True)
ApiRanked = page("API: ranked candidates", CASEWORKER,
                 lambda: f"/api/v1/positions/{os.environ['BENCH_POSITION']}/candidates", api=True)
ApiReferrals = page("API: employer's referrals", EMPLOYER, lambda: "/api/v1/referrals", api=True)
