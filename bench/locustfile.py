"""The pages of bench_pages.py, for locust: one user class per page, all in the same run.

Read by ``bench/bench_pages.py`` (which passes the ids below through the environment); not a test.
Users wait for nothing between requests: each class's throughput is what the server gives it.
"""
from __future__ import annotations

import os
import re

from locust import HttpUser, constant, task


def page(name: str, login: str | None, url):
    """A locust user class that requests one page as `login`, without pause."""

    class Page(HttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            # Signed in once by bench_pages.py before the run (a password hash costs tens of ms
            # on purpose; 32 sign-ins are not what is measured): that login's session cookie.
            if login is not None:
                self.client.cookies.set("session", os.environ[f"BENCH_SESSION_{login}"])

        @task
        def get(self) -> None:
            with self.client.get(url(), name=name, allow_redirects=False, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")

    Page.__name__ = Page.__qualname__ = re.sub(r"\W", "", name.title())
    return Page


CASEWORKER = "canbo.uongbi@loive.vn"
Health = page("/healthz", None, lambda: "/healthz")
Suggestions = page("candidate: suggestions", "0912000001", lambda: "/me/")
Today = page("caseworker: today panel", CASEWORKER, lambda: "/casework/")
Caseload = page("caseworker: caseload (filtered, p2)", CASEWORKER, lambda: "/casework/?show=visits_due&page=2")
Record = page("caseworker: person's record", CASEWORKER,
              lambda: f"/casework/candidates/{os.environ['BENCH_PERSON']}")
Ranked = page("caseworker: ranked candidates", CASEWORKER,
              lambda: f"/casework/positions/{os.environ['BENCH_POSITION']}")
Employer = page("employer: dashboard", "tuyendung@dakienkhe.vn", lambda: "/employer/")
