"""One seeded programme for the whole-app security tests (authorization matrix, sentinels, CSRF,
hostile input): every kind of record a route can name, the ten subjects of SECURITY.md 9 signed in
on the web (a session cookie) and on the API (a bearer token), and a snapshot of every row so a
test can put the database back after a request that changed it.

Built through the services, like a real programme; runs on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask, url_for
from sqlalchemy import delete, func, insert, select

from marketplace import clock, create_app
from marketplace.extensions import db
from marketplace.models import (
    AuditEvent, CaseTask, Consent, Employer, Milestone, Position, User,
)
from marketplace.services import accounts, api_tokens, care_team, casework, members, referrals
from marketplace.services.referrals import StepInput

from .conftest import PASSWORD, PHU_LY, UONG_BI, _config, _reset

# The subjects of SECURITY.md 9 (and issue 12), in the order the matrix lists them.
SUBJECTS = (
    "anonymous",
    "candidate",            # the person whose record the URLs name
    "other_candidate",      # another person, same commune
    "caseworker",           # caseworker of the person's commune, leads their team
    "other_caseworker",     # caseworker of another commune (Phủ Lý)
    "care_team",            # another agency (the Front), another commune, on the person's care team
    "employer_consented",   # the company the person was sent to, consent given
    "employer_withdrawn",   # a company the person was sent to, consent withdrawn since
    "other_employer",       # a verified company with no referral of the person
    "admin",
)

# A sentinel in every sensitive field of the person and of the other person: none may reach a
# subject who is not entitled to it [SECURITY 11].
SENTINELS = {
    "health_notes": "SENTINEL-HEALTH-7Q2X",
    "address_line": "SENTINEL-ADDRESS-7Q2X",
    "legal_note": "SENTINEL-LEGALNOTE-7Q2X",
    "milestone_note": "SENTINEL-MILESTONE-7Q2X",
    "other_health": "SENTINEL-OTHERHEALTH-7Q2X",
    "other_address": "SENTINEL-OTHERADDRESS-7Q2X",
}
# Conviction dates are dates, not text: chosen so they appear nowhere else, checked in the forms
# a page or an export may print them in.
RELEASE = date(2019, 3, 17)
SUPERVISION_END = date(2027, 11, 29)
SENTINEL_DATES = (RELEASE, SUPERVISION_END)


def csrf_token(page) -> str:
    """The CSRF token of a rendered form ('' when CSRF is off)."""
    import re

    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    return found.group(1) if found else ""


def date_forms(day: date) -> tuple[str, ...]:
    return (day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%-d/%-m/%Y"))


@dataclass
class Scenario:
    app: Flask
    ids: dict[str, int]                        # what URL parameters name
    users: dict[str, int]                      # subject -> user id
    cookies: dict[str, str] = field(default_factory=dict)   # subject -> session cookie
    tokens: dict[str, str] = field(default_factory=dict)    # subject -> API bearer token
    rows: dict[str, list[dict]] = field(default_factory=dict)

    # --- clients ---------------------------------------------------------------------------
    def client(self, subject: str):
        """A test client signed in as the subject (anonymous: no cookie)."""
        client = self.app.test_client()
        if subject in self.cookies:
            client.set_cookie(self.app.config.get("SESSION_COOKIE_NAME", "session"), self.cookies[subject])
        return client

    def api_headers(self, subject: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[subject]}"} if subject in self.tokens else {}

    def request(self, subject: str, method: str, url: str, endpoint: str | None = None, **kwargs):
        """The subject's request; a POST/PATCH carries the route's valid body (see body())."""
        data = body(self, endpoint) if endpoint and method != "GET" else {}
        if url.startswith("/api/"):
            kwargs.setdefault("json", data)
            return self.client("anonymous").open(url, method=method, headers=self.api_headers(subject),
                                                 **kwargs)
        if data:
            kwargs.setdefault("data", data)
        return self.client(subject).open(url, method=method, **kwargs)

    # --- the database as it was built --------------------------------------------------------
    def snapshot(self) -> None:
        with self.app.app_context():
            self.rows = {t.name: [dict(r._mapping) for r in db.session.execute(select(t))]
                         for t in _restorable()}

    def restore(self, only: set[str] | None = None) -> None:
        """Put every row back as built (the audit trail is append-only and is left alone); with
        `only`, the rows of those tables alone."""
        with self.app.app_context():
            tables = [t for t in _restorable() if only is None or t.name in only]
            for table in reversed(tables):
                db.session.execute(delete(table))
            for table in tables:
                if self.rows[table.name]:
                    db.session.execute(insert(table), self.rows[table.name])
            db.session.commit()

    def count_rows(self) -> dict[str, int]:
        """Rows per table, in one query."""
        tables = _restorable()
        counts = [select(func.count()).select_from(t).scalar_subquery().label(t.name) for t in tables]
        with self.app.app_context():
            return dict(db.session.execute(select(*counts)).one()._mapping)

    def after(self, response) -> None:
        """Restore the database after a request that may have changed it (anything served or done;
        a refusal writes nothing, which the matrix checks)."""
        if response.request.method != "GET" and response.status_code < 400:
            self.restore()


def _restorable():
    return [t for t in db.metadata.sorted_tables if t.name != AuditEvent.__tablename__]


def module_fixture(**extra):
    """The programme as a module-scoped `scenario` fixture: built once, closed at the module's end.
    (On PostgreSQL a module using it must not also use the per-test `app` fixture: both would
    share, and truncate, one database.)"""

    @pytest.fixture(scope="module")
    def scenario(tmp_path_factory):
        app = make_app(tmp_path_factory, **extra)
        built = build(app)
        yield built
        close(app)

    return scenario


def make_app(tmp_path_factory, **extra) -> Flask:
    import os

    url = os.environ.get("TEST_DATABASE_URL")
    folder = tmp_path_factory.mktemp("scenario")
    app = create_app(_config(url or f"sqlite:///{folder / 'scenario.sqlite3'}",
                             MODELS_DIR=str(folder / "models"), **extra))
    with app.app_context():
        if url:
            _reset(app)
        db.create_all()
    return app


def close(app: Flask) -> None:
    _reset(app)
    with app.app_context():
        db.engine.dispose()


def build(app: Flask) -> Scenario:
    """Seed the programme, sign every subject in, take the snapshot."""
    with app.app_context():
        ids, users = _seed()
    scenario = Scenario(app=app, ids=ids, users=users)
    for subject, user_id in users.items():
        client = app.test_client()
        with app.app_context():
            login = db.session.get(User, user_id).login
        response = client.post("/login", data={"login": login, "password": PASSWORD,
                                               "csrf_token": csrf_token(client.get("/login"))})
        assert response.status_code == 302, (subject, response.status_code)
        scenario.cookies[subject] = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")).value
    with app.app_context():
        for subject, user_id in users.items():
            scenario.tokens[subject] = api_tokens.issue(db.session.get(User, user_id))[0]
        db.session.commit()
    scenario.snapshot()
    return scenario


def _seed() -> tuple[dict[str, int], dict[str, int]]:
    admin = accounts.create_admin("Quản trị Một", "admin.matrix@example.vn", PASSWORD)
    worker = accounts.create_caseworker("Cán bộ Uông Bí", "canbo.ub@example.vn", PASSWORD, "police", "",
                                        [accounts.Area(*UONG_BI)])
    other_worker = accounts.create_caseworker("Cán bộ Phủ Lý", "canbo.pl@example.vn", PASSWORD, "police",
                                              "", [accounts.Area(*PHU_LY)])
    team_worker = accounts.create_caseworker("Cán bộ Mặt trận", "matran.pl@example.vn", PASSWORD, "front",
                                             "", [accounts.Area(*PHU_LY)])
    person_user = accounts.register_candidate("Nguyễn Văn Hùng", "0912000101", PASSWORD, *UONG_BI)
    other_user = accounts.register_candidate("Lê Văn Bình", "0912000102", PASSWORD, *UONG_BI)
    companies = {}
    for key, n in (("a", 1), ("b", 2), ("c", 3)):
        user = accounts.register_employer(f"Nhân sự {key.upper()}", f"hr.{key}@example.vn", PASSWORD,
                                          f"Công ty {key.upper()}", "quarry", f"{2000000000 + n}", *UONG_BI)
        accounts.verify_employer(user.membership.employer, admin)
        companies[key] = user
    db.session.flush()

    today = clock.today()
    person = person_user.candidate
    person.caseworker_id = worker.id
    person.skills = ["stone_cutting"]
    person.health_notes = SENTINELS["health_notes"]
    person.address_line = SENTINELS["address_line"]
    person.legal_status = "probation"
    person.offence_category = "drugs"
    person.sentence_kind = "prison"
    person.sentence_months = 30
    person.release_date = RELEASE
    person.supervision_end = SUPERVISION_END
    person.health_limits = ["no_heights"]
    other = other_user.candidate
    other.health_notes = SENTINELS["other_health"]
    other.address_line = SENTINELS["other_address"]
    other.offence_category = "property"
    for profile in (person, other):
        # Self-registered profiles are seen by the commune's caseworkers once the person agrees.
        db.session.add(Consent(candidate_id=profile.id, purpose="profile", notice_version="2026-01",
                               recorded_by_id=profile.user_id))
    db.session.flush()

    positions = {}
    for key, user in companies.items():
        position = Position(employer_id=user.membership.employer_id, title=f"Thợ đá {key.upper()}",
                            sector="quarry", province_code=UONG_BI[0], ward_code=UONG_BI[1], seats=5,
                            required_skills=["stone_cutting"])
        db.session.add(position)
        positions[key] = position
    db.session.flush()

    # The person was sent to A (consent given) and to B (consent withdrawn since).
    sent = {}
    for key in ("a", "b"):
        referral = referrals.propose(worker, person, positions[key])
        referrals.transition(worker, referral, "approved", StepInput(on=today))
        consent = Consent(candidate_id=person.id, purpose="employer", notice_version="2026-01",
                          employer_id=companies[key].membership.employer_id, recorded_by_id=worker.id,
                          reference="GIAY-01")
        db.session.add(consent)
        db.session.flush()
        referrals.transition(worker, referral, "sent", StepInput(on=today))
        sent[key] = (referral, consent)
    sent["b"][1].withdrawn_at = clock.now()

    note = casework.add_note(worker, person, casework.NoteInput(
        kind="visit", occurred_on=today - timedelta(days=1), body=SENTINELS["legal_note"],
        about_legal_case=True))
    support = casework.add_support(worker, person, casework.SupportInput(
        kind="training", occurred_on=today - timedelta(days=1), purpose="Học nghề"))
    db.session.add(Milestone(candidate_id=person.id, kind="other", occurred_on=today - timedelta(days=2),
                             note=SENTINELS["milestone_note"], recorded_by_id=worker.id))
    task = CaseTask(candidate_id=person.id, kind="other", due_on=today)
    db.session.add(task)
    team_member = care_team.add_staff(worker, person, team_worker)
    contact = care_team.add_contact(worker, person, care_team.ContactInput(
        kind="family", full_name="Nguyễn Thị Mai", relation="Mẹ", phone="0912000199"))
    employer_a = db.session.get(Employer, companies["a"].membership.employer_id)
    invitation, _code = members.invite(companies["a"], employer_a, "0912000177")
    colleague, colleague_code = members.invite(companies["a"], employer_a, "colleague.a@example.vn")
    db.session.flush()
    colleague_user = members.accept("colleague.a@example.vn", colleague_code.replace("-", ""),
                                    "Đồng nghiệp A", PASSWORD, "127.0.0.1")
    db.session.flush()

    ids = {
        "candidate_id": person.id, "other_candidate_id": other.id,
        "note_id": note.id, "action_id": support.id, "task_id": task.id,
        "member_id": contact.id, "team_member_id": team_member.id,
        "consent_id": sent["a"][1].id,
        "position_id": positions["a"].id, "referral_id": sent["a"][0].id,
        "withdrawn_referral_id": sent["b"][0].id,
        "invitation_id": invitation.id, "colleague_user_id": colleague_user.id,
        "employer_id": companies["a"].membership.employer_id,
        "caseworker_user_id": worker.id, "other_position_id": positions["c"].id,
        "other_employer_id": companies["c"].membership.employer_id,
        "province": UONG_BI[0],
    }
    users = {"candidate": person_user.id, "other_candidate": other_user.id, "caseworker": worker.id,
             "other_caseworker": other_worker.id, "care_team": team_worker.id,
             "employer_consented": companies["a"].id, "employer_withdrawn": companies["b"].id,
             "other_employer": companies["c"].id, "admin": admin.id}
    db.session.commit()
    return ids, users


# --- URLs ----------------------------------------------------------------------------------

# Path parameters that are not ids: every value each route knows, so each variant is covered.
STRING_VALUES = {
    ("caseworker.record_tab", "tab"): ("profile", "referrals", "notes", "support", "legal", "consents",
                                       "team", "views"),
    ("employer.referral_list", "which"): ("waiting", "interviews", "checks"),
    ("employer.position_action", "action"): ("close", "duplicate"),
    ("verification.decide", "decision"): ("suspend",),
    ("static", "filename"): ("css/app.css",),
    ("accounts.end_session", "session_id"): ("999999",),   # nobody's session: a 404 for everyone
    ("imports.preview", "token"): ("missing",),            # no such upload
    ("imports.confirm", "token"): ("missing",),
}
# Parameters whose name alone does not say which record they name.
ID_FOR = {
    ("admin.edit_caseworker", "user_id"): "caseworker_user_id",
    ("employer.remove_member", "user_id"): "colleague_user_id",
}


@dataclass(frozen=True)
class Labelled:
    label: str
    value: int

    def __str__(self) -> str:
        return self.label


def variants(scenario: Scenario, rule) -> list[tuple[str, str]]:
    """(label, url) for a rule, its parameters filled from the scenario."""
    choices: list[dict] = [{}]
    for arg in sorted(rule.arguments):
        if (rule.endpoint, arg) in STRING_VALUES:
            values = STRING_VALUES[(rule.endpoint, arg)]
        elif arg == "referral_id":
            # The referral sent to the company with consent, and the one whose consent was withdrawn.
            values = (Labelled("consented", scenario.ids["referral_id"]),
                      Labelled("withdrawn", scenario.ids["withdrawn_referral_id"]))
        else:
            key = ID_FOR.get((rule.endpoint, arg), arg)
            values = (scenario.ids[key],)
        choices = [{**c, arg: v} for c in choices for v in values]
    out = []
    with scenario.app.test_request_context():
        for values in choices:
            label = ",".join(str(values[k]) for k in sorted(values) if isinstance(values[k], (str, Labelled)))
            plain = {k: v.value if isinstance(v, Labelled) else v for k, v in values.items()}
            out.append((label, url_for(rule.endpoint, **plain)))
    return out


def routes(app: Flask):
    """(endpoint, method, rule) for every route of the app, HEAD and OPTIONS aside."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


def body(scenario: Scenario, endpoint: str) -> dict:
    """A valid request body for the routes whose refusal could hide behind a validation error:
    with it, an entitled subject's request is done and anyone else's must be refused for who
    they are, not for what they sent. Other routes are posted empty."""
    ids, today = scenario.ids, clock.today().isoformat()
    bodies = {
        "referrals.propose": {"candidate_id": ids["candidate_id"], "position_id": ids["other_position_id"]},
        "api.create_referral": {"candidate_id": ids["candidate_id"], "position_id": ids["other_position_id"]},
        "api.transition": {"to": "interview", "on": today},
        "api.retention": {"day": 30, "retained": True},
        "api.add_note": {"kind": "visit", "occurred_on": today, "body": "Thăm nhà"},
        "api.add_support": {"kind": "loan", "occurred_on": today, "amount_vnd": 2_000_000,
                            "purpose": "Mua xe"},
        "api.add_milestone": {"kind": "other", "on": today},
        "api.record_consent": {"purpose": "employer", "employer_id": ids["other_employer_id"],
                               "reference": "Phiếu 7"},
        "api.patch_candidate": {"status": "probation", "offence_category": "drugs", "sentence_kind": "prison",
                                "sentence_months": 30, "release_date": RELEASE.isoformat()},
        "api.patch_my_profile": {"experience": "Thợ đá 3 năm"},
        "api.give_consent": {"purpose": "model_use"},
        "api.patch_position": {"title": "Thợ đá bậc 2"},
        "caseworker.add_note": {"kind": "visit", "occurred_on": today, "body": "Thăm nhà"},
    }
    return bodies.get(endpoint, {})
