"""No 5xx on any input [SECURITY 30]: hostile values (long strings, Unicode, control characters and
NUL, HTML/JS, SQL, negative and huge numbers, impossible dates, wrong JSON types, broken files)
posted to every form and every API endpoint of `app.url_map`, by each role the route serves.

One test per route × role (a route added later is covered without a line here):
- web POSTs get the fields their pages render (every <form> of every page each role is served is
  read: names, and the values offered, so that valid and hostile values mix and a request gets
  past the first check);
- API requests get bodies from the OpenAPI document the app serves (each property valid, hostile,
  or missing; sometimes a body of the wrong type or not JSON at all);
- GET routes that read a query string get hostile values in every parameter they read.

Each request must answer below 500 and commit writes only to the tables the route has business
with (WRITES below; every committed INSERT/UPDATE/DELETE that changed a row is seen on the engine,
a cascade inside the database is not). After a request that wrote, the tables written are put
back from the programme's snapshot. CSRF is off (test_req_16 tests it); the
validators are the real ones. Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL), where NUL
bytes and 32-bit integers bite.
"""
from __future__ import annotations

import inspect
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from werkzeug.exceptions import HTTPException

from marketplace import clock, create_app
from marketplace.extensions import db

from . import scenario as sc
from .authz_matrix import MATRIX
from .authz_probe import outcome
from .conftest import _config
from .test_req_09_authorization_matrix import _ROUTES

_APP = create_app(_config("sqlite://"))

# Examples per route × role: fixed, and derandomized so CI sees the same requests every run.
FUZZ = settings(max_examples=8, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck), print_blob=False)

# --- hostile values -------------------------------------------------------------------------
NASTY = (
    "", " ", "0", "-1", "-0", "1.5", "1e309", "NaN", "-inf", "0x1F", "１２３", "٣", "²",
    "2147483647", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999",
    "2026-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "31/12/99999", "1/1/1", "-2026-01-01",
    "\x00", "Ng\x00uyễn", "\r\n", "a\rb\nc", "\t", "\x1b[31m", "\x7f", "\u202eevil", "\ufeff",
    "\u200b", "e\u0301\u0301\u0301", "😀" * 40, "ễ" * 600, "x" * 5000,
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
    "' OR '1'='1", "1; DROP TABLE users;--", "%", "_", "\\", "%00", "%0d%0aSet-Cookie:x=1",
    "../../etc/passwd", "//evil.example", "https://evil.example/", "{{7*7}}", "${7*7}",
    "true", "on", "null", "[]", "{}", "none",
)
_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)            # control characters and NUL
_NUMBER = st.one_of(st.integers(-2**70, 2**70), st.sampled_from([2**31, -2**31 - 1, 2**63, 10**30]))
HOSTILE = st.one_of(st.sampled_from(NASTY), _TEXT, _NUMBER.map(str))

_SCALAR = st.one_of(st.sampled_from(NASTY), _TEXT, _NUMBER, st.floats(allow_nan=False),
                    st.booleans(), st.none())
HOSTILE_JSON = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3),
                         st.dictionaries(st.sampled_from(["id", "x", "$ne", ""]), _SCALAR, max_size=2))
# A whole body that is not the object the route wants.
RAW_BODIES = st.sampled_from([
    b"", b"null", b"[]", b"\"text\"", b"12", b"{", b"{\"a\":NaN}", b"\xff\xfe\x00", b"[" * 2000,
    json.dumps([{"id": 1}]).encode(), b"{\"a\": 1e999}",
])
_FILE_BYTES = st.one_of(st.binary(max_size=200),
                        st.sampled_from([b"PK\x03\x04broken", "Họ tên,Điện thoại\n\x00,\"".encode()]))
OMIT = object()

# --- tables each route may write ---------------------------------------------------------------
# Any request may append to the audit trail and touch its own session's "last seen".
ANY_ROUTE = {("INSERT", "audit_events"), ("UPDATE", "user_sessions")}
_RECORD = ("candidate_profiles", "case_notes", "support_actions", "milestones", "case_tasks",
           "notifications", "outbox")
_REFERRAL = ("referrals", "referral_events", "retention_checks", "positions", "notifications",
             "outbox", "case_tasks", "candidate_profiles")
_SIGN_IN = ("user_sessions", "login_counters", "login_attempts", "users")
# (Codes and passwords tried count against the login limit.)
_ACCOUNT = ("users", "user_sessions", "login_counters", "login_attempts", "candidate_profiles", "consents",
            "one_time_codes", "notifications", "outbox", "caseworker_profiles", "caseworker_areas",
            "employer_members", "employers")
WRITES: dict[str, tuple[str, ...]] = {
    "accounts.login": _SIGN_IN,
    "accounts.logout": ("user_sessions", "api_tokens", "users"),
    "accounts.end_session": ("user_sessions",),
    "accounts.end_other_sessions": ("user_sessions", "api_tokens", "users"),
    "accounts.change_password": ("users", "user_sessions", "api_tokens", "login_counters", "login_attempts"),
    "accounts.register": _ACCOUNT,
    "accounts.register_employer": _ACCOUNT,
    "accounts.signup_code": _ACCOUNT,
    "accounts.signup_resend": ("one_time_codes", "notifications", "outbox"),
    "accounts.claim": _ACCOUNT,
    "employer_public.join": _ACCOUNT + ("employer_invitations",),
    "public.set_language": ("users",),
    "inbox.mark_read": ("notifications",),
    "admin.new_caseworker": ("users", "caseworker_profiles", "caseworker_areas"),
    "admin.edit_caseworker": ("users", "caseworker_profiles", "caseworker_areas", "user_sessions",
                              "api_tokens"),
    "admin.verify_employer": ("employers", "employer_decisions", "notifications", "outbox"),
    "admin.incentives": ("programme_texts",),
    "verification.decide": ("employers", "employer_decisions", "notifications", "outbox"),
    "imports.upload": ("caseload_imports",),
    "imports.confirm": ("caseload_imports", "users", "candidate_profiles", "consents"),
    "reports.export": (),
    "caseworker.new_candidate": ("users", "candidate_profiles", "consents", "one_time_codes"),
    "caseworker.claim_code": ("one_time_codes", "users"),
    "caseworker.add_note": _RECORD,
    "caseworker.edit_note": _RECORD,
    "caseworker.add_support": _RECORD,
    "caseworker.edit_support": _RECORD,
    "caseworker.set_legal": _RECORD,
    "caseworker.add_milestone": _RECORD + ("referrals", "referral_events", "consents"),
    "caseworker.finish_task": ("case_tasks",),
    "caseworker.add_staff": ("care_team_members", "notifications", "outbox"),
    "caseworker.add_contact": ("care_team_members",),
    "caseworker.remove_member": ("care_team_members",),
    "caseworker.record_consent": ("consents",),
    "caseworker.withdraw_consent": ("consents", "referrals", "referral_events"),
    "caseworker.propose_plan": _REFERRAL + ("exposures",),
    "referrals.propose": _REFERRAL + ("exposures",),
    "referrals.step": _REFERRAL,
    "referrals.retention": _REFERRAL,
    "referrals.paper_consent": _REFERRAL + ("consents",),
    "candidate.profile": ("candidate_profiles", "users"),
    "candidate.give_consent": ("consents",),
    "candidate.withdraw_consent": ("consents", "referrals", "referral_events"),
    "candidate.my_data_page": ("data_requests", "case_tasks", "notifications", "outbox"),
    "candidate.hide": ("hidden_positions",),
    "candidate.show_hidden": ("hidden_positions",),
    "employer.company": ("employers",),
    "employer.invite": ("employer_invitations", "notifications", "outbox"),
    "employer.remove_member": ("employer_members", "users", "user_sessions", "api_tokens"),
    "employer.revoke_invitation": ("employer_invitations",),
    "employer.new_position": ("positions",),
    "employer.edit_position": ("positions",),
    "employer.position_action": ("positions",),
    "api.create_token": _SIGN_IN + ("api_tokens",),
    "api.revoke_token": ("api_tokens",),
    "api.create_candidate": ("users", "candidate_profiles", "consents"),
    "api.patch_candidate": _RECORD,
    "api.record_consent": ("consents",),
    "api.withdraw_consent": ("consents", "referrals", "referral_events"),
    "api.add_note": _RECORD,
    "api.add_support": _RECORD,
    "api.add_milestone": _RECORD + ("referrals", "referral_events", "consents"),
    "api.patch_my_profile": ("candidate_profiles", "users"),
    "api.give_consent": ("consents",),
    "api.create_position": ("positions",),
    "api.patch_position": ("positions",),
    "api.close_position": ("positions",),
    "api.create_referral": _REFERRAL + ("exposures",),
    "api.transition": _REFERRAL,
    "api.retention": _REFERRAL,
}

# --- which requests ------------------------------------------------------------------------
ROLE = {"anonymous": "anonymous", "candidate": "candidate", "other_candidate": "candidate",
        "caseworker": "caseworker", "other_caseworker": "caseworker", "care_team": "caseworker",
        "employer_consented": "employer", "employer_withdrawn": "employer",
        "other_employer": "employer", "admin": "admin"}


_OPENAPI = _APP.extensions["loive.api"].spec.to_dict()


def _source(endpoint: str) -> str:
    return inspect.getsource(inspect.unwrap(_APP.view_functions[endpoint]))


def _api_path(rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)


def _reads_query(endpoint: str, rule) -> bool:
    """A GET route reads a query string: the OpenAPI document lists query parameters for it, or
    its view reads request.args."""
    if endpoint.startswith("api."):
        parameters = _OPENAPI["paths"][_api_path(rule)]["get"].get("parameters", [])
        return any(p.get("in") == "query" for p in parameters)
    return "request.args" in _source(endpoint)


def _cases(kind: str) -> list[tuple[str, str, str]]:
    """(matrix key, subject): each role the matrix says the route serves (O, or V: refused as
    invalid, which is past the role check), once per role: its first such subject and variant."""
    cases = []
    rules = {(e, m): r for e, m, r in sc.routes(_APP)}
    for endpoint, method in _ROUTES:
        if endpoint == "static":
            continue
        api = endpoint.startswith("api.")
        if kind == "form" and (api or method == "GET"):
            continue
        if kind == "api" and (not api or method == "GET"):
            continue
        if kind == "query" and (method != "GET" or not _reads_query(endpoint, rules[(endpoint, method)])):
            continue
        roles = set()
        keys = sorted(k for k in MATRIX if k.split()[:2] == [endpoint, method])
        for key in keys:
            row = MATRIX[key].split()
            for subject, want in zip(sc.SUBJECTS, row, strict=True):
                if want in "OV" and ROLE[subject] not in roles:
                    roles.add(ROLE[subject])
                    cases.append((key, subject))
                # A public route: the anonymous visitor, and one signed-in subject (the other
                # roles take the same signed-in branch).
                if row[0] == "O" and len(roles) == 2:
                    break
    return cases


def _ids(cases):
    return [f"{key.replace(' ', '-')}-as-{subject}" for key, subject in cases]


FORM_CASES, API_CASES, QUERY_CASES = _cases("form"), _cases("api"), _cases("query")


# --- the programme, the pages' forms, the API's document, the write log ------------------------
scenario = sc.module_fixture()


class WriteLog:
    """Every INSERT/UPDATE/DELETE that changed a row and was committed, as (verb, table)."""

    _DML = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)

    def __init__(self, engine):
        self.engine, self.pending, self.committed, self.paused = engine, set(), set(), False
        event.listen(engine, "after_cursor_execute", self._executed)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def close(self):
        event.remove(self.engine, "after_cursor_execute", self._executed)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)

    def _executed(self, _conn, cursor, statement, _params, _context, _many):
        found = self._DML.match(statement)
        if found and not self.paused and cursor.rowcount != 0:
            self.pending.add((found.group(1).split()[0].upper(), found.group(2).lower()))

    def _commit(self, _conn):
        self.committed |= self.pending
        self.pending = set()

    def _rollback(self, _conn):
        self.pending = set()

    def take(self) -> set[tuple[str, str]]:
        taken, self.committed = self.committed, set()
        return taken


@pytest.fixture(scope="module")
def writes(scenario):
    with scenario.app.app_context():
        log = WriteLog(db.engine)
    yield log
    log.close()


class _FormReader(HTMLParser):
    """The <form>s of a page: method, action, and each field's name, kind and offered values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").upper(), "action": a.get("action"),
                          "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", tag) if tag == "input" else tag
            again = a["name"] in self._form["fields"]
            field = self._form["fields"].setdefault(a["name"], {"kind": kind, "values": set(),
                                                               "multiple": False})
            if tag == "select":
                field["multiple"] |= "multiple" in a
                self._select = field
            if kind == "checkbox" and again:   # a group of boxes: several values at once
                field["multiple"] = True
            for bound in ("min", "max"):
                if re.fullmatch(r"-?\d+", a.get(bound) or ""):
                    field[bound] = a[bound]
            if a.get("value") is not None:
                field["values"].add(a["value"])
        elif tag == "option" and self._select is not None and a.get("value") is not None:
            self._select["values"].add(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


class Inputs:
    """What the app offers to be sent: fields per (endpoint, method) read from every page each
    role is served, and the OpenAPI document."""

    def __init__(self, scenario):
        self.fields: dict[tuple[str, str], dict] = {}
        adapter = scenario.app.url_map.bind("localhost")
        fuzzed = {subject for _key, subject in FORM_CASES + QUERY_CASES}
        for key, row in MATRIX.items():
            endpoint, method = key.split()[:2]
            if method != "GET" or endpoint == "static" or endpoint.startswith("api"):
                continue
            readers = [s for s, want in zip(sc.SUBJECTS, row.split(), strict=True) if want == "O" and s in fuzzed]
            # A public page: its forms are the same for everyone (the layout's forms are on others).
            for subject in readers[:1] if row.startswith("O") else readers:
                self._read(scenario, adapter, subject, _url(scenario, key))
        response = scenario.client("anonymous").get("/api/v1/openapi.json")
        assert response.status_code == 200
        self.openapi = response.get_json()

    def _read(self, scenario, adapter, subject, url):
        response = scenario.request(subject, "GET", url)
        if response.status_code != 200 or not response.mimetype == "text/html":
            return
        reader = _FormReader()
        reader.feed(response.get_data(as_text=True))
        for form in reader.forms:
            target = urlsplit(urljoin(url, form["action"] or url))
            try:
                endpoint, _args = adapter.match(target.path, method=form["method"])
            except HTTPException:
                continue
            merged = self.fields.setdefault((endpoint, form["method"]), {})
            for name, field in form["fields"].items():
                if name == "csrf_token":
                    continue
                into = merged.setdefault(name, {"kind": field["kind"], "values": set(), "multiple": False})
                into["values"] |= field["values"]
                into["multiple"] |= field["multiple"]

    # --- the API's operations ---
    def operation(self, rule, method: str) -> dict:
        return self.openapi["paths"][_api_path(rule)][method.lower()]

    def schema(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema


@pytest.fixture(scope="module")
def inputs(scenario):
    return Inputs(scenario)


# --- strategies from what the app offers ----------------------------------------------------
# Edges by kind of field: mostly one hostile field among valid ones reaches the service and the
# database (a form with any invalid field stops at the validators).
NUMBER_EDGES = ("2147483647", "2147483648", "-2147483649", "9223372036854775808",
                "99999999999999999999999", "-1", "0", "1.5", "1e3", "１２３")
DATE_EDGES = ("0001-01-01", "9999-12-31", "2026-02-30", "1900-01-01", "31/12/2026", "2026-13-01")
TEXT_EDGES = ("\x00", "Ng\x00uyễn", "x" * 5000, "<script>alert(1)</script>", "' OR '1'='1", "\u202e",
              "😀" * 40, " ")
JSON_INT_EDGES = (2**31 - 1, 2**31, -2**31 - 1, 2**63, 10**30, -1, 0, 1.5, True)


def _form_value(field):
    offered = sorted(v for v in field["values"] if v)
    kind = field["kind"]
    if kind == "file":
        return st.tuples(_FILE_BYTES.map(io.BytesIO), st.sampled_from(["caseload.xlsx", "list.csv",
                                                                        "../../x.xlsx", "a\x00.xlsx"]))
    if offered:
        valid = st.sampled_from(offered)
    elif kind == "number":
        valid = st.integers(int(field.get("min") or 0), int(field.get("max") or 10**6)).map(str)
    elif kind == "date":
        valid = st.dates(date(2000, 1, 1), date(2030, 12, 31)).map(date.isoformat)
    elif kind in ("password", "email", "tel"):
        valid = st.sampled_from([sc.PASSWORD, "hr.new@example.vn", "0912345678"])
    else:
        valid = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=30)
    edge = st.sampled_from({"number": NUMBER_EDGES, "date": DATE_EDGES}.get(kind, TEXT_EDGES))
    one = st.one_of(valid, valid, edge, HOSTILE)
    return st.lists(one, max_size=4) if field["multiple"] else one


def _in_range_edges(low, high) -> list[int]:
    """Numbers a validator lets through that a 32- or 64-bit column may not hold."""
    low, high = int(low if low is not None else -2**70), int(high if high is not None else 2**70)
    return [n for n in (2**31, 2**63, high, 2**31 - 1, 2**63 - 1, low) if low <= n <= high]


def _baseline(name: str, field: dict, valid: dict):
    """A plausible valid value: the route's known-valid body, or what the page offers."""
    if name in valid:
        return str(valid[name])
    offered = sorted(v for v in field["values"] if v)
    if field["kind"] == "file" or field["kind"] in ("submit", "button"):
        return OMIT
    if offered:
        return [offered[0]] if field["multiple"] else offered[0]
    if field["kind"] == "number":
        return str(max(int(field.get("min") or 1), 1))
    if field["kind"] == "date":
        return clock.today().isoformat()
    if field["kind"] == "password" or name in ("password", "confirm"):
        return sc.PASSWORD
    if name in ("login", "email"):
        return "hr.new@example.vn"
    if field["kind"] == "tel" or "phone" in name:
        return "0912345678"
    return "Thợ đá Uông Bí"


def _mutant(field: dict):
    if field["kind"] == "number":
        edges = _in_range_edges(field.get("min"), field.get("max"))
        return st.one_of(st.sampled_from([str(n) for n in edges]), st.sampled_from(NUMBER_EDGES), HOSTILE)
    if field["kind"] == "file":
        return _form_value(field)
    return st.one_of(st.just(OMIT), st.sampled_from(TEXT_EDGES + DATE_EDGES), HOSTILE)


def _one_or_two_changed(baseline: dict, mutants: dict):
    """The baseline with one or two values made hostile: the others valid, so the request gets
    past the validators to the service and the database."""
    names = sorted(mutants)
    if not names:
        return st.just(baseline)
    chosen = st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)
    return chosen.flatmap(lambda picked: st.fixed_dictionaries({n: mutants[n] for n in picked})
                          .map(lambda changed: {**baseline, **changed}))


def form_bodies(fields: dict, valid: dict):
    """Mostly a valid-looking body with one or two hostile values; else each field its
    offered or known-valid value, a hostile one, or missing."""
    baseline = {name: _baseline(name, field, valid) for name, field in fields.items()}
    parts = {}
    for name, field in sorted(fields.items()):
        choices = [st.just(OMIT), _form_value(field)]
        if name in valid:
            choices.insert(1, st.just(str(valid[name])))
        parts[name] = st.one_of(*choices)
    # A field no page offers (a posted role or id, or junk).
    parts[""] = st.one_of(st.just(OMIT), st.tuples(st.sampled_from(["role", "is_admin", "user_id", "id",
                                                                    "x" * 300, "\x00"]), HOSTILE))
    near = _one_or_two_changed({**baseline, "": OMIT}, {n: _mutant(f) for n, f in fields.items()})
    return st.one_of(near, near, near, st.fixed_dictionaries(parts)).map(_form_data)


def _form_data(drawn: dict) -> dict:
    data = {k: v for k, v in drawn.items() if k and v is not OMIT}
    if drawn[""] is not OMIT:
        data[drawn[""][0]] = drawn[""][1]
    return data


def _json_valid(inputs: Inputs, schema: dict):
    """A value the schema allows (the generator's aim: get past validation into the service)."""
    schema = inputs.schema(schema)
    if "enum" in schema:
        return st.sampled_from([v for v in schema["enum"] if v is not None] or [None])
    kinds = schema.get("type", "string")
    kind = next((k for k in kinds if k != "null"), "string") if isinstance(kinds, list) else kinds
    if kind == "integer":
        return st.integers(max(schema.get("minimum", 0), -2**31), min(schema.get("maximum", 10**6), 2**31 - 1))
    if kind == "number":
        return st.floats(schema.get("minimum", 0), schema.get("maximum", 10**6))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(_json_valid(inputs, schema.get("items", {})), max_size=3)
    if kind == "object":
        return st.just({})
    if schema.get("format") == "date":
        return st.dates().map(lambda d: d.isoformat())
    if schema.get("format") == "date-time":
        return st.datetimes().map(lambda d: d.isoformat() + "Z")
    return st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=20)


def _json_edge(inputs: Inputs, schema: dict):
    schema = inputs.schema(schema)
    kinds = schema.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds or "number" in kinds:
        edges = _in_range_edges(schema.get("minimum"), schema.get("maximum"))
        return st.sampled_from(tuple(edges) + JSON_INT_EDGES)
    return st.sampled_from(DATE_EDGES if schema.get("format") == "date" else TEXT_EDGES)


def json_bodies(inputs: Inputs, schema: dict | None, valid: dict):
    """An object of the schema's properties: mostly a valid one with one or two hostile values, or each
    valid, hostile or missing; or a body that is no object at all."""
    props = inputs.schema(schema).get("properties", {}) if schema else {}
    parts, mutants = {}, {}
    for name, prop in props.items():
        valid_value = _json_valid(inputs, prop)
        choices = [st.just(OMIT), valid_value, _json_edge(inputs, prop), HOSTILE_JSON]
        if name in valid:
            choices.insert(1, st.just(valid[name]))
        parts[name] = st.one_of(*choices)
        mutants[name] = st.one_of(_json_edge(inputs, prop), HOSTILE_JSON, st.just(OMIT))
    parts[""] = st.one_of(st.just(OMIT), st.tuples(st.sampled_from(["role", "id", "\x00", "x" * 300]),
                                                   HOSTILE_JSON))
    near = st.fixed_dictionaries({n: (st.just(valid[n]) if n in valid else _json_valid(inputs, p))
                                  for n, p in props.items()}).flatmap(
        lambda base: _one_or_two_changed({**base, "": OMIT}, mutants))
    as_object = st.one_of(near, near, near, st.fixed_dictionaries(parts)).map(_form_data)
    encoded = as_object.map(lambda d: json.dumps(d).encode())
    return st.one_of(encoded, RAW_BODIES) if props else st.one_of(RAW_BODIES, encoded)


# --- the checks ---------------------------------------------------------------------------------
def _url(scenario, key: str) -> str:
    endpoint, method = key.split()[:2]
    label = " ".join(key.split()[2:])
    rule = next(r for e, m, r in sc.routes(scenario.app) if (e, m) == (endpoint, method))
    return dict(sc.variants(scenario, rule))[label]


def _send(scenario, writes, subject: str, method: str, url: str, endpoint: str, answers: list, **kwargs):
    """One request; a 5xx or a write outside the route's tables fails; the programme is put back."""
    writes.take()
    api = url.startswith("/api/")
    client = scenario.client("anonymous" if api else subject)
    headers = scenario.api_headers(subject) if api else {}
    try:
        # (TESTING propagates an unhandled exception instead of answering 500: the same failure.)
        response = client.open(url, method=method, headers=headers, **kwargs)
    except Exception as error:
        _put_back(scenario, writes)
        raise AssertionError(f"{method} {url} as {subject}: a server error") from error
    written = writes.take()
    stray = sorted(f"{verb} {table}" for verb, table in written
                   if (verb, table) not in ANY_ROUTE and table not in WRITES.get(endpoint, ()))
    if written - ANY_ROUTE:
        _put_back(scenario, writes, {table for _verb, table in written - ANY_ROUTE})
    answers.append(outcome(response))
    assert response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:300])
    assert stray == [], f"{endpoint} wrote tables it has no business with"


def _put_back(scenario, writes, tables: set[str] | None = None) -> None:
    """The snapshot's rows back into the tables written (and every table below them: a cascade in
    the database writes those unseen), or into all tables when the request failed."""
    writes.paused = True
    try:
        with scenario.app.app_context():
            chosen = _with_children(tables) if tables is not None else None
        scenario.restore(chosen)
    finally:
        writes.paused = False
        writes.take()


def _with_children(tables: set[str]) -> set[str]:
    found = set(tables)
    while True:
        more = {t.name for t in db.metadata.sorted_tables if t.name not in found
                and any(fk.column.table.name in found for fk in t.foreign_keys)}
        if not more:
            return found
        found |= more


def _reached(answers: list) -> None:
    """A fuzz that only met the sign-in page or a 403 would prove nothing."""
    assert answers and any(a not in "L3" for a in answers), answers


@pytest.mark.parametrize(("key", "subject"), FORM_CASES, ids=_ids(FORM_CASES))
def test_req_30_no_server_error_from_a_hostile_form(scenario, inputs, writes, key, subject):
    endpoint, method = key.split()[:2]
    url, answers = _url(scenario, key), []
    fields = inputs.fields.get((endpoint, method)) or {
        name: {"kind": "text", "values": set(offered), "multiple": False}
        for name, offered in NO_FORM_PAGE.get(endpoint, ({}, ""))[0].items()}
    valid = sc.body(scenario, endpoint)

    @FUZZ
    @given(data=form_bodies(fields, valid))
    def attempt(data):
        _send(scenario, writes, subject, method, url, endpoint, answers, data=data)

    attempt()
    _reached(answers)


@pytest.mark.parametrize(("key", "subject"), API_CASES, ids=_ids(API_CASES))
def test_req_30_no_server_error_from_a_hostile_api_body(scenario, inputs, writes, key, subject):
    endpoint, method = key.split()[:2]
    url, answers = _url(scenario, key), []
    rule = next(r for e, m, r in sc.routes(scenario.app) if (e, m) == (endpoint, method))
    body = inputs.operation(rule, method).get("requestBody", {})
    schema = body.get("content", {}).get("application/json", {}).get("schema")
    valid = sc.body(scenario, endpoint)

    @FUZZ
    @given(raw=json_bodies(inputs, schema, valid))
    def attempt(raw):
        _send(scenario, writes, subject, method, url, endpoint, answers, data=raw,
              content_type="application/json")

    attempt()
    _reached(answers)


def _query_names(inputs: Inputs, endpoint: str, rule) -> dict:
    """The parameters a GET route reads: its OpenAPI query parameters, its pages' GET forms, and
    the names its view reads from request.args."""
    names = {"page": {"kind": "text", "values": {"1"}, "multiple": False}}
    if endpoint.startswith("api."):
        for parameter in inputs.operation(rule, "GET").get("parameters", []):
            if parameter.get("in") == "query":
                enum = inputs.schema(parameter.get("schema", {})).get("enum") or []
                names[parameter["name"]] = {"kind": "text", "values": {str(v) for v in enum if v is not None},
                                            "multiple": False}
        return names
    names.update(inputs.fields.get((endpoint, "GET"), {}))
    for name in re.findall(r"request\.args\.get\(\s*\"(\w+)\"", _source(endpoint)):
        names.setdefault(name, {"kind": "text", "values": set(), "multiple": False})
    return names


@pytest.mark.parametrize(("key", "subject"), QUERY_CASES, ids=_ids(QUERY_CASES))
def test_req_30_no_server_error_from_a_hostile_query(scenario, inputs, writes, key, subject):
    endpoint, method = key.split()[:2]
    url, answers = _url(scenario, key), []
    rule = next(r for e, m, r in sc.routes(scenario.app) if (e, m) == (endpoint, method))
    names = _query_names(inputs, endpoint, rule)

    @settings(FUZZ, max_examples=5)
    @given(query=form_bodies(names, {}))
    def attempt(query):
        _send(scenario, writes, subject, "GET", url, endpoint, answers, query_string=query)

    attempt()
    _reached(answers)


# Forms the programme's pages do not show as built (each waits for a state the scenario does not
# hold): their fields, read from the form classes, with the values they offer.
NO_FORM_PAGE: dict[str, tuple[dict[str, tuple[str, ...]], str]] = {
    "accounts.end_other_sessions": ({}, "shown only while another device is signed in"),
    "accounts.signup_code": ({"code": ()}, "shown only during a sign-up, its code in the session"),
    "accounts.signup_resend": ({}, "likewise"),
    "admin.verify_employer": ({}, "shown only for an unverified company"),
    "candidate.show_hidden": ({}, "shown only once a job is hidden"),
    "caseworker.claim_code": ({}, "shown only for a record without an account"),
    "referrals.paper_consent": ({"reference": (), "next": ()}, "shown only while consent is awaited"),
    "referrals.retention": ({"day": ("30", "90", "180"), "retained": ("yes", "no"), "reason": (),
                             "on": (), "next": ()}, "shown only after a hire"),
}


def test_req_30_every_web_post_has_the_fields_its_page_renders(inputs):
    """The form fuzz sends what the pages offer; a POST route no page shows a form for would be
    fuzzed blind, so each such route is named in NO_FORM_PAGE with its fields."""
    blind = sorted({key.split()[0] for key, _s in FORM_CASES
                    if (key.split()[0], key.split()[1]) not in inputs.fields})
    assert blind == sorted(NO_FORM_PAGE)


def test_req_30_the_write_log_sees_a_committed_row_and_not_a_refused_one(scenario, writes):
    """The table check can fail: a valid note is seen in case_notes, an invalid one writes nothing."""
    url = f"/casework/candidates/{scenario.ids['candidate_id']}/notes"
    writes.take()
    done = scenario.request("caseworker", "POST", url, "caseworker.add_note")
    assert done.status_code == 302
    assert ("INSERT", "case_notes") in writes.take()
    scenario.restore()
    writes.take()
    refused = scenario.client("caseworker").post(url, data={"kind": "visit", "occurred_on": "2026-02-30",
                                                            "body": "x"})
    assert refused.status_code < 500
    assert {t for _v, t in writes.take()} <= {"audit_events", "user_sessions"}
