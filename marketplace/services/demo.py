"""A believable demo programme for an empty database (development and tests only [SECURITY 4]).

`seed()` builds the four provincial programmes of DESIGN.md: staff and their communes, employers
and their positions, ~200 people returning, 18 months of referrals whose outcomes carry the
signal a ranker should learn, and the casework around them. It flushes; the caller commits.
The static tables live in demo_data.py.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import func, select

from matching.taxonomy import OFFENCE_CATEGORIES, SECTOR_SKILLS, SECTORS, SHIFTS, SKILLS

from .. import locations
from ..extensions import db
from ..models import (
    CandidateProfile, CaseNote, CaseworkerArea, CaseworkerProfile, Consent, Employer,
    EmployerMember, Milestone, Position, Referral, ReferralEvent, RetentionCheck, SupportAction,
    User,
)
from ..passwords import hash_password
from . import demo_data as data

DEMO_PASSWORD = "loive-demo-2026"
NOTICE_VERSION = "2026-01"
HISTORY_REFERRALS = 300
ACTIVE_REFERRALS = 30
# A hire holds one of the position's seats for this long, unless a retention check says they left.
CURRENT_HIRE_DAYS = 183
RETENTION_DAYS = (30, 90, 180)
STEPS = ("proposed", "approved", "sent", "interview")


class DemoRefused(RuntimeError):
    """Seeding refused: demo mode off, app not in debug/testing, or the database has data."""


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str
    password: str
    name: str


@dataclass
class _Cand:
    """A profile plus what the generator needs to know about it."""
    profile: CandidateProfile
    available: date  # referred only after release and after the profile was made
    consented: bool  # profile consent: no referral without it
    employed_until: date | None = None


@dataclass
class _Pos:
    position: Position
    employer: data.EmployerRow
    hires: list[tuple[date, bool]] = field(default_factory=list)  # (hired on, still there)


def is_empty() -> bool:
    """True when there are no users, employers or candidate profiles yet."""
    return all(
        db.session.scalar(select(func.count()).select_from(model)) == 0
        for model in (User, Employer, CandidateProfile)
    )


def seed(seed: int = 2026, *, today: date | None = None) -> list[DemoLogin]:
    """Fill an empty database with the demo programme; return the eight demo logins.

    The same seed gives the same programme; dates are laid out backwards from `today`.
    """
    if not current_app.config.get("DEMO_MODE") or not (current_app.debug or current_app.testing):
        raise DemoRefused("Demo data needs DEMO_MODE on and the app in debug or testing mode.")
    if not is_empty():
        raise DemoRefused("The database is not empty: demo data goes only into an empty one.")
    builder = _Builder(random.Random(seed), today or datetime.now(timezone.utc).date())
    with db.session.no_autoflush:  # flush when we choose, not on every attribute read
        return builder.build()


def demo_logins() -> list[DemoLogin]:
    """The eight demo logins that exist in this database, for printing at every `make run`."""
    found = []
    for role, key in _login_keys():
        user = db.session.scalar(select(User).where((User.email == key) | (User.phone == key)))
        if user is not None and user.role == role:
            found.append(DemoLogin(role, key, DEMO_PASSWORD, user.full_name))
    return found


def _login_keys() -> tuple[tuple[str, str], ...]:
    """Two of each role, the first of each table: the ones README lists."""
    return (("admin", data.ADMINS[0][0]), ("admin", data.ADMINS[1][0]),
            ("caseworker", data.CASEWORKERS[0].login), ("caseworker", data.CASEWORKERS[1].login),
            ("employer", data.EMPLOYERS[0].members[0][0]), ("employer", data.EMPLOYERS[1].members[0][0]),
            ("candidate", data.DEMO_CANDIDATES[0].phone), ("candidate", data.DEMO_CANDIDATES[1].phone))


def tax_code(base: str) -> str:
    """A 10-digit Vietnamese tax code: nine digits and their mod-11 check digit."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    check = 10 - sum(int(d) * w for d, w in zip(base, weights)) % 11
    if len(base) != 9 or check == 10:
        raise ValueError(f"{base} cannot carry a check digit")
    return base + str(check)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class _Builder:
    """Holds the random source, the date and what has been built so far."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        # History ends at midnight (UTC) starting `today`: nothing is dated in the future.
        self.now = datetime.combine(today, time(0), tzinfo=timezone.utc)
        self.password_hash = hash_password(DEMO_PASSWORD)  # once: argon2 costs ~20 ms a hash
        self.users: dict[str, User] = {}
        self.ward_caseworkers: dict[int, list[User]] = {}
        self.employers: dict[str, Employer] = {}
        self.positions: list[_Pos] = []
        self.cands: list[_Cand] = []
        self.demo_cands: list[_Cand] = []
        self.pairs: set[tuple[int, int]] = set()
        self.fits: dict[tuple[int, int], dict[str, float]] = {}
        self.employer_consents: dict[tuple[int, str], datetime] = {}
        self.phones: set[str] = {row.phone for row in data.DEMO_CANDIDATES}

    def build(self) -> list[DemoLogin]:
        self._check_tables()
        self._staff()
        self._employers()
        self._positions()
        self._candidates()
        db.session.flush()  # ids for the actor / recorded_by columns that have no relationship
        self._history()
        self._fill_seats()
        self._demo_referrals()
        self._active_referrals()
        self._consents()
        self._casework()
        db.session.flush()
        return self._logins()

    # ---- small helpers ----------------------------------------------------------------------
    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _at(self, day: date) -> datetime:
        """A moment in office hours (07:30-17:00 in Vietnam, UTC+7) on that day, in UTC."""
        start = datetime.combine(day, time(0, 30), tzinfo=timezone.utc)
        return start + timedelta(minutes=self.rng.randint(0, 570))

    def _ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _ahead(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def _between(self, since: date) -> date:
        """A day from `since` up to yesterday."""
        span = max((self.today - since).days - 1, 0)
        return since + timedelta(days=self.rng.randint(0, span))

    def _user(self, role: str, name: str, login: str, created: date) -> User:
        user = User(role=role, full_name=name, password_hash=self.password_hash,
                    created_at=self._at(created), **{"email" if "@" in login else "phone": login})
        db.session.add(user)
        self.users[login] = user
        return user

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    @staticmethod
    def _check_tables() -> None:
        """Every code and commune the tables use must exist, or the demo teaches wrong data."""
        for province, wards in data.PROVINCE_WARDS.items():
            for ward in wards:
                assert locations.is_valid_pair(province, ward), (province, ward)
        for row in data.EMPLOYERS:
            assert row.sector in SECTORS and locations.is_valid_pair(row.province, row.ward), row
        for row in data.POSITIONS:
            assert row.sector in SECTORS and set(row.required + row.preferred) <= set(SKILLS), row
            assert set(row.excluded) <= set(OFFENCE_CATEGORIES) and row.shift in SHIFTS, row
        for row in data.DEMO_CANDIDATES:
            assert set(row.skills) <= set(SKILLS) and set(row.sectors) <= set(SECTORS), row
            assert row.offence in OFFENCE_CATEGORIES, row
        assert set(data.EXPERIENCE) <= set(SKILLS)
        assert {s for shifts in data.SHIFT_CHOICES for s in shifts} <= set(SHIFTS)
        assert set(data.OFFENCE_WEIGHTS) == set(OFFENCE_CATEGORIES)

    # ---- staff, employers, positions ----------------------------------------------------------
    def _staff(self) -> None:
        for email, name in data.ADMINS:
            self._user("admin", name, email, self._ago(640, 700))
        for row in data.CASEWORKERS:
            user = self._user("caseworker", row.name, row.login, self._ago(560, 620))
            user.caseworker = CaseworkerProfile(agency=row.agency, title=row.title, areas=[
                CaseworkerArea(province_code=row.province, ward_code=ward) for ward in row.wards])
            for ward in row.wards:
                assert locations.is_valid_pair(row.province, ward), (row.login, ward)
                self.ward_caseworkers.setdefault(ward, []).append(user)
        wards = {w for ws in data.PROVINCE_WARDS.values() for w in ws}
        assert wards <= set(self.ward_caseworkers), "every demo commune needs a caseworker"

    def _employers(self) -> None:
        admin = self.users[data.ADMINS[0][0]]
        for row in data.EMPLOYERS:
            created = self._ago(560, 640) if row.verified else self._ago(3, 12)
            employer = Employer(
                name=row.name, sector=row.sector, tax_code=tax_code(row.tax_base),
                province_code=row.province, ward_code=row.ward, address_line=row.address,
                fair_chance_statement=row.statement, record_question_stage=row.record_stage,
                created_at=self._at(created))
            if row.verified:
                verified = created + timedelta(days=self.rng.randint(2, 20))
                employer.verified_at, employer.verified_by = self._at(verified), admin
            for login, name, title in row.members:
                user = self._user("employer", name, login, created)
                user.membership = EmployerMember(employer=employer, title=title)
            db.session.add(employer)
            self.employers[row.key] = employer

    def _positions(self) -> None:
        by_key = {row.key: row for row in data.EMPLOYERS}
        for row in data.POSITIONS:
            emp = by_key[row.employer]
            opens, closes, status = self._position_dates(row.life)
            if not emp.verified:  # kept as drafts until an admin verifies the company
                opens, closes, status = self.today + timedelta(days=7), None, "draft"
            assert locations.is_valid_pair(emp.province, row.ward), row.title
            created = min(opens - timedelta(days=3), self.today - timedelta(days=1))
            position = Position(
                employer=self.employers[row.employer], kind=row.kind, title=row.title,
                sector=row.sector, description=row.description,
                required_skills=list(row.required), preferred_skills=list(row.preferred),
                min_education=row.min_education, physical_demand=row.physical_demand,
                shift=row.shift, wage_min=row.wage and row.wage[0],
                wage_max=row.wage and row.wage[1], seats=row.seats,
                filled=0, province_code=emp.province, ward_code=row.ward,
                housing_provided=row.housing, transport_provided=row.transport,
                excluded_offences=list(row.excluded), opens_on=opens, closes_on=closes,
                status=status, created_at=self._at(created))
            db.session.add(position)
            self.positions.append(_Pos(position, emp))

    def _position_dates(self, life: str) -> tuple[date, date | None, str]:
        if life == "standing":  # recruiting all along: most of the history is here
            return self._ago(420, 560), self._ahead(40, 100), "open"
        if life == "recent":
            return self._ago(10, 75), self._ahead(20, 70), "open"
        opens = self._ago(300, 560)
        return opens, opens + timedelta(days=self.rng.randint(60, 150)), "closed"

    # ---- candidates --------------------------------------------------------------------------
    def _candidates(self) -> None:
        for row in data.DEMO_CANDIDATES:
            self.demo_cands.append(self._demo_candidate(row))
        for province, count in data.CANDIDATES_PER_PROVINCE.items():
            wards = data.PROVINCE_WARDS[province]
            for i in range(count):  # the first few go round every commune
                ward = wards[i] if i < len(wards) else self.rng.choice(wards)
                self.cands.append(self._candidate(province, ward))

    def _candidate(self, province: int, ward: int) -> _Cand:
        rng = self.rng
        gender = self._pick({"male": 82, "female": 16, "undisclosed": 2})
        female = gender == "female" or (gender == "undisclosed" and rng.random() < 0.3)
        middle = rng.choice(data.MIDDLE_FEMALE if female else data.MIDDLE_MALE)
        given = rng.choice([g for g in (data.GIVEN_FEMALE if female else data.GIVEN_MALE)
                            if g != middle])
        name = " ".join((self._pick(dict(data.SURNAMES)), middle, given))
        skills = self._skills(province)
        health, cap = rng.choice(data.HEALTH_NOTES) if rng.random() < 0.13 else ("", 3)
        profile = CandidateProfile(
            full_name=name, gender=gender, birth_year=int(rng.triangular(1965, 2004, 1992)),
            province_code=province, ward_code=ward, address_line=self._address(ward),
            phone=self._phone() if rng.random() < 0.85 else None,
            education=self._pick(data.EDUCATION_WEIGHTS), skills=skills,
            experience=self._experience(skills), health_notes=health,
            physical_capacity=min(self._pick(data.PHYSICAL_WEIGHTS), cap if cap is not None else 3),
            shifts=list(rng.choice(data.SHIFT_CHOICES)), desired_sectors=self._sectors(skills),
            wage_expectation=rng.randrange(5_000_000, 10_500_000, 500_000),
            max_commute_km=rng.choice((5, 10, 15, 20, 30, 50)), has_transport=rng.random() < 0.6,
            needs_housing=rng.random() < (0.35 if province == 40 else 0.15),
            needs_loan=rng.random() < 0.25, needs_training=rng.random() < (0.3 if skills else 0.6),
            needs_papers=rng.random() < 0.1, needs_health_insurance=rng.random() < 0.2)
        self._legal(profile, self._pick(data.LEGAL_WEIGHTS))
        return self._place(profile, claimed=rng.random() < 0.38, consented=rng.random() < 0.92)

    def _demo_candidate(self, row: data.DemoCandidateRow) -> _Cand:
        profile = CandidateProfile(
            full_name=row.name, gender=row.gender, birth_year=row.birth_year,
            province_code=row.province, ward_code=row.ward, address_line=self._address(row.ward),
            phone=row.phone, education=row.education, skills=list(row.skills),
            experience=row.experience, physical_capacity=row.physical_capacity,
            shifts=["day", "rotating"], desired_sectors=list(row.sectors),
            wage_expectation=7_000_000, max_commute_km=30, has_transport=True, needs_loan=True)
        self._legal(profile, row.legal_status, row.offence)
        profile.release_date = self._ago(200, 260)
        return self._place(profile, claimed=True, consented=True,
                           caseworker=self.users[row.caseworker])

    def _place(self, profile: CandidateProfile, *, claimed: bool, consented: bool,
               caseworker: User | None = None) -> _Cand:
        """Attach a caseworker of the commune, maybe an account, and work out availability."""
        assert locations.is_valid_pair(profile.province_code, profile.ward_code)
        local = self.ward_caseworkers[profile.ward_code]
        profile.caseworker = caseworker or (
            local[0] if self.rng.random() < 0.7 else self.rng.choice(local))
        # Expunged and suspended-sentence records carry no release date: free long before.
        freed = profile.release_date or self._ago(700, 1100)
        created = min(max(freed + timedelta(days=self.rng.randint(5, 40)), self._ago(560, 600)),
                      self._ago(20, 40))
        profile.created_at = profile.updated_at = self._at(created)
        if claimed:
            login = profile.phone or self._phone()
            profile.user = self._user("candidate", profile.full_name, login,
                                      created + timedelta(days=self.rng.randint(0, 10)))
            profile.phone = login
        db.session.add(profile)
        return _Cand(profile, max(created, freed) + timedelta(days=3), consented)

    def _skills(self, province: int) -> list[str]:
        """0-4 skills, local trades four times as likely (a quarry town has stone cutters)."""
        weights = {s: 4 if s in data.LOCAL_SKILLS[province] else 1 for s in SKILLS}
        chosen: list[str] = []
        for _ in range(self._pick({0: 15, 1: 30, 2: 30, 3: 17, 4: 8})):
            skill = self._pick(weights)
            if skill not in chosen:
                chosen.append(skill)
        return chosen

    def _sectors(self, skills: list[str]) -> list[str]:
        fitting = [s for s in SECTORS if set(SECTOR_SKILLS.get(s, ())) & set(skills)]
        wanted = self.rng.sample(fitting, min(len(fitting), 2))
        extra = self.rng.choice(list(SECTORS))
        if (self.rng.random() < 0.4 or not wanted) and extra not in wanted:
            wanted.append(extra)
        return wanted

    def _experience(self, skills: list[str]) -> str:
        if not skills:
            return self.rng.choice(data.NO_EXPERIENCE)
        parts = [data.EXPERIENCE[s].format(n=self.rng.randint(1, 6)) for s in skills]
        return ", ".join([parts[0]] + [p[0].lower() + p[1:] for p in parts[1:]]) + "."

    def _address(self, ward: int) -> str:
        n = self.rng.randint(1, 14)
        if locations.ward_name(ward).startswith("Xã"):
            return f"{self.rng.choice(('Thôn', 'Xóm'))} {n}"
        return f"Số {self.rng.randint(2, 180)}, tổ dân phố {n}"

    def _legal(self, p: CandidateProfile, status: str, offence: str | None = None) -> None:
        """Dates that agree with the status; expunged records keep no conviction data."""
        p.legal_status = status
        if status == "expunged":
            p.expungement_date = self._ago(30, 1400)
            return
        p.offence_category = offence or self._pick(data.OFFENCE_WEIGHTS)
        if status == "released":
            p.release_date = self._ago(60, 2200)
        elif status == "suspended_sentence":  # never imprisoned; the probation period runs on
            p.supervision_end = self._ahead(90, 1100)
            p.travel_restricted = self.rng.random() < 0.4
        else:  # probation (early conditional release) or post-sentence supervision
            p.release_date = self._ago(30, 900)
            p.supervision_end = self._ahead(30, 1000)
            p.travel_restricted = self.rng.random() < 0.85

    # ---- referrals ---------------------------------------------------------------------------
    def _fit(self, c: _Cand, pos: _Pos) -> dict[str, float]:
        """How a candidate and a position fit: drives both who is referred and what happens."""
        key = (id(c), id(pos))
        if key not in self.fits:
            p, job = c.profile, pos.position
            req, pref, skills = set(job.required_skills), set(job.preferred_skills), set(p.skills)
            near = p.ward_code == job.ward_code
            self.fits[key] = {
                "coverage": len(req & skills) / len(req) if req else 1.0,
                "has_required": float(bool(req)),
                "preferred": len(pref & skills) / len(pref) if pref else 0.0,
                "same_commune": float(near),
                "same_province": float(p.province_code == job.province_code),
                "far": float(p.province_code != job.province_code and not job.housing_provided),
                "housing_met": float(p.needs_housing and job.housing_provided),
                "housing_gap": float(p.needs_housing and not job.housing_provided and not near),
                "phys_gap": float(p.physical_capacity < job.physical_demand),
                "edu_gap": float(p.education < job.min_education),
                "shift_ok": float(job.shift in p.shifts),
                "transport_ok": float(p.has_transport or job.transport_provided or near),
                "wants_training": float(job.kind == "training" and p.needs_training),
                "wants_sector": float(job.sector in p.desired_sectors),
            }
        return self.fits[key]

    def _eligible(self, c: _Cand, pos: _Pos, day: date) -> bool:
        """Hard rules: consent, free that day, legal exclusions, travel limits, one per pair."""
        p, job = c.profile, pos.position
        return (c.consented and c.available <= day
                and (c.employed_until is None or c.employed_until < day)
                and p.offence_category not in job.excluded_offences
                and not (p.travel_restricted and p.province_code != job.province_code)
                and (id(p), id(job)) not in self.pairs)

    def _choose(self, pos: _Pos, day: date) -> tuple[_Cand, dict[str, float]] | None:
        """Whom a caseworker would propose: local, skilled, interested, fit for the work."""
        pool = [(c, self._fit(c, pos)) for c in self.cands if self._eligible(c, pos, day)]
        if not pool:
            return None
        weights = []
        for _, f in pool:
            place = (2.0 if f["same_commune"] else 1.0 if f["same_province"]
                     else 0.05 if f["far"] else 0.15)
            weights.append(place * (0.25 + 1.5 * f["coverage"]) * (1 + 0.5 * f["wants_sector"])
                           * (1 + f["wants_training"]) * (0.3 if f["phys_gap"] else 1.0))
        return self.rng.choices(pool, weights)[0]

    def _history(self) -> None:
        live = [pos for pos in self.positions if pos.position.status != "draft"]
        made = attempts = 0
        while made < HISTORY_REFERRALS and attempts < HISTORY_REFERRALS * 20:
            attempts += 1
            day = self._ago(35, 540)
            open_then = [pos for pos in live if pos.position.opens_on <= day
                         <= pos.position.closes_on - timedelta(days=5)]
            if not open_then:
                continue
            pos = self.rng.choices(open_then, [p.position.seats for p in open_then])[0]
            chosen = self._choose(pos, day)
            if chosen:
                self._past_referral(*chosen, pos, day)
                made += 1

    def _past_referral(self, c: _Cand, f: dict[str, float], pos: _Pos, day: date) -> None:
        """Decide the outcome from the fit (the signal), then write the path that led there."""
        emp = pos.employer
        # Covering required skills counts only where the position requires some.
        skill = 2.4 * (f["coverage"] - 0.5) if f["has_required"] else 0.0
        score = (-1.2 + emp.hire_bias + skill + 0.8 * f["preferred"] + 0.9 * f["same_commune"]
                 + 0.5 * f["same_province"] - 1.2 * f["far"] + 1.0 * f["housing_met"]
                 - 1.4 * f["housing_gap"] - 1.3 * f["phys_gap"] - 0.7 * f["edu_gap"]
                 + (0.3 if f["shift_ok"] else -0.5) + (0.3 if f["transport_ok"] else -0.3)
                 + 0.6 * f["wants_training"] - (0.5 if emp.record_stage == "application" else 0))
        reason = None
        if self.rng.random() < 0.07:
            outcome = "withdrawn"
        elif self.rng.random() < _sigmoid(score):
            outcome = "hired"
        else:
            outcome, reason = "declined", self._decline_reason(f, emp)
        referral = self._referral(c, pos, day, outcome, reason)
        if referral.status == "hired":
            self._retention(c, pos, referral, f)

    def _decline_reason(self, f: dict[str, float], emp: data.EmployerRow) -> str:
        return self._pick({
            "skills": 3 if f["coverage"] < 1 else 0.3,
            "distance": 3 if f["housing_gap"] or f["far"] else 0.4,
            "health": 3 if f["phys_gap"] else 0.2, "schedule": 0.3 if f["shift_ok"] else 2,
            "record": {"application": 2, "interview": 0.6}.get(emp.record_stage, 0.1),
            "no_show": 1, "candidate_declined": 1, "left_early": 0.3, "other": 0.5,
        })

    def _referral(self, c: _Cand, pos: _Pos, day: date, outcome: str,
                  reason: str | None = None) -> Referral:
        """A referral and its events; `outcome` is a final status or the step it stopped at."""
        p, caseworker = c.profile, c.profile.caseworker
        path = self._path(outcome, reason)
        times = self._times(path, self._at(max(day, pos.position.opens_on)))
        if path[-1] == "hired" and self._full(pos, times[-1].date()):
            path[-1], reason = "declined", "seat_filled"
        member = pos.position.employer.members[0].user
        referral = Referral(candidate=p, position=pos.position, status=path[-1],
                            decline_reason=reason, created_by_id=caseworker.id,
                            created_at=times[0], updated_at=times[-1])
        for previous, status, at in zip([None] + path, path, times):
            actor = {"interview": member, "hired": member, "suggested": None}.get(
                status, caseworker)
            note = data.EVENT_NOTES[status]
            if status == "declined":
                actor = caseworker if reason == "candidate_declined" else member
            elif status in ("proposed", "withdrawn") and p.user and self.rng.random() < 0.35:
                actor = p.user  # the candidate acted from their own page
                note = "Ứng viên bấm “Tôi quan tâm”." if status == "proposed" else note
            if status == "sent":  # nothing reaches an employer without the candidate's consent
                key = (id(p), pos.employer.key)
                self.employer_consents[key] = min(self.employer_consents.get(key, at),
                                                  at - timedelta(hours=1))
            if status == "hired":
                referral.hired_at = at
            referral.events.append(ReferralEvent(from_status=previous, to_status=status, at=at,
                                                 actor_id=actor.id if actor else None, note=note))
        db.session.add(referral)
        self.pairs.add((id(p), id(pos.position)))
        return referral

    def _path(self, outcome: str, reason: str | None) -> list[str]:
        if outcome in STEPS:
            last, end = outcome, []
        elif outcome == "withdrawn":
            last, end = self.rng.choice(("proposed", "approved", "sent")), [outcome]
        elif outcome == "declined":
            last, end = self.rng.choice(data.DECLINE_AFTER[reason]), [outcome]
        else:
            last, end = "interview", [outcome]
        # About a third began as the model's suggestion before a caseworker proposed them.
        start = ["suggested"] if self.rng.random() < 0.3 else []
        return start + list(STEPS[:STEPS.index(last) + 1]) + end

    def _times(self, path: list[str], start: datetime) -> list[datetime]:
        """Increasing event times from `start`, squeezed to end before now."""
        gaps = [timedelta(days=self.rng.randint(2, 10) if prev == "interview"
                          else self.rng.randint(1, 6), hours=self.rng.randint(0, 5))
                for prev in path[:-1]]
        room, total = self.now - start - timedelta(hours=1), sum(gaps, timedelta())
        if total > room:
            gaps = [gap * (room / total) for gap in gaps]
        times = [start]
        for gap in gaps:
            times.append(times[-1] + gap)
        return times

    def _full(self, pos: _Pos, day: date) -> bool:
        """Would one more hire on `day` overfill the seats still held by current hires?"""
        cutoff = self.today - timedelta(days=CURRENT_HIRE_DAYS)
        current = sum(1 for hired, kept in pos.hires if hired >= cutoff and kept)
        return day >= cutoff and current >= pos.position.seats

    def _retention(self, c: _Cand, pos: _Pos, referral: Referral, f: dict[str, float]) -> None:
        """Checks at 30/90/180 days that have already come; the first 'no' ends the job."""
        hired, checker = referral.hired_at, pos.position.employer.members[0].user
        keep = _sigmoid(1.0 + pos.employer.retention_bias + 1.0 * (f["coverage"] - 0.5)
                        + 0.8 * f["housing_met"] + 0.5 * f["same_commune"]
                        - 1.0 * f["phys_gap"] - 0.8 * f["housing_gap"])
        kept, worked = True, CURRENT_HIRE_DAYS
        for day in RETENTION_DAYS:
            due = hired + timedelta(days=day + self.rng.randint(0, 4))
            if due > self.now:
                break
            kept = self.rng.random() < keep
            referral.retention_checks.append(RetentionCheck(
                day=day, retained=kept, checked_at=due, checked_by_id=checker.id))
            if not kept:
                worked = day
                break
        pos.hires.append((hired.date(), kept))
        # Someone in work is not referred again while it lasts.
        c.employed_until = (hired + timedelta(days=worked)).date()

    def _fill_seats(self) -> None:
        cutoff = self.today - timedelta(days=CURRENT_HIRE_DAYS)
        for pos in self.positions:
            pos.position.filled = sum(1 for hired, kept in pos.hires if hired >= cutoff and kept)
            assert pos.position.filled <= pos.position.seats, pos.position.title

    def _demo_referrals(self) -> None:
        """Each demo candidate follows one referral; their other matches are left to suggest."""
        titles = {pos.position.title: pos for pos in self.positions}
        for c, (title, status) in zip(self.demo_cands, data.DEMO_REFERRALS):
            self._referral(c, titles[title], self._ago(10, 14), status)

    def _active_referrals(self) -> None:
        """Referrals under way now, on open positions with seats left; they hold no seat yet."""
        open_now = [pos for pos in self.positions
                    if pos.position.status == "open" and pos.position.seats_left > 0]
        for _ in range(ACTIVE_REFERRALS):
            day, pos = self._ago(12, 40), self.rng.choice(open_now)
            chosen = self._choose(pos, day)
            if chosen:
                status = self._pick({"proposed": 10, "approved": 7, "sent": 8, "interview": 5})
                self._referral(chosen[0], pos, day, status)

    # ---- consents and casework ------------------------------------------------------------
    def _consents(self) -> None:
        everyone = self.demo_cands + self.cands
        for c in everyone:
            if not c.consented:
                continue
            p = c.profile
            purposes = ["profile"]
            if c in self.demo_cands or self.rng.random() < 0.88:
                purposes.append("model_use")
            if p.offence_category and self.rng.random() < 0.1:
                purposes.append("offence")
            for purpose in purposes:
                db.session.add(Consent(candidate_id=p.id, purpose=purpose, created_at=p.created_at,
                                       notice_version=NOTICE_VERSION,
                                       recorded_by_id=p.caseworker.id))
        profiles = {id(c.profile): c.profile for c in everyone}
        for (pid, key), at in sorted(self.employer_consents.items(), key=lambda kv: kv[1]):
            p = profiles[pid]
            db.session.add(Consent(candidate_id=p.id, purpose="employer", created_at=at,
                                   employer_id=self.employers[key].id,
                                   notice_version=NOTICE_VERSION, recorded_by_id=p.caseworker.id))

    def _casework(self) -> None:
        rng = self.rng
        for c in self.demo_cands + self.cands:
            p, author = c.profile, c.profile.caseworker.id
            since = p.created_at.date()
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                kind, body = rng.choice(data.NOTES)
                when = self._between(since)
                db.session.add(CaseNote(candidate_id=p.id, kind=kind, body=body, occurred_on=when,
                                        author_id=author, created_at=self._at(when)))
            loan = rng.randrange(20, 55, 5) * 1_000_000  # Social Policy Bank: 20-50 million
            for kind, wanted, amount in (
                ("loan", p.needs_loan and rng.random() < 0.4, loan),
                ("training", p.needs_training and rng.random() < 0.3, None),
                ("health_insurance", p.needs_health_insurance and rng.random() < 0.5, None),
                ("papers", p.needs_papers and rng.random() < 0.6, None),
                ("gift", rng.random() < 0.3, 500_000),
            ):
                if wanted:
                    db.session.add(SupportAction(
                        candidate_id=p.id, kind=kind, amount_vnd=amount, recorded_by_id=author,
                        occurred_on=self._between(since), note=data.SUPPORT_NOTES[kind]))
            for kind, when in self._milestones(p, since):
                db.session.add(Milestone(candidate_id=p.id, kind=kind, occurred_on=when,
                                         note=data.MILESTONE_NOTES[kind], recorded_by_id=author))

    def _milestones(self, p: CandidateProfile, since: date) -> list[tuple[str, date]]:
        found = []
        if p.legal_status == "expunged":
            found.append(("expunged", p.expungement_date))
        if p.legal_status in ("probation", "suspended_sentence") and self.rng.random() < 0.25:
            found.append(("probation_shortened", self._between(since)))
        if p.legal_status in ("expunged", "released") and self.rng.random() < 0.3:
            found.append(("out_of_management", self._between(since)))
        return found

    def _logins(self) -> list[DemoLogin]:
        return [DemoLogin(role, key, DEMO_PASSWORD, self.users[key].full_name)
                for role, key in _login_keys()]
