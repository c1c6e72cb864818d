"""Province-scale demo data: the usual demo programme, then thousands of generated companies,
positions and people with their referrals and outcomes, written in bulk.

`scale()` first runs `seed()` (so the demo logins of the README exist and `0912000001` has
suggestions), then adds the generated rows with `insert()` over lists of dicts (executemany),
a few statements per table instead of one per row. Generated accounts share one hash of a random
password nobody knows: they cannot be signed in to. Positions copy the demo's position rows
(title, skills, demands) at generated companies and communes of the four demo provinces, so
what the ranker sees looks like the demo. It flushes; the caller commits.
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import bindparam, func, select, update

from matching.taxonomy import SECTOR_SKILLS, SECTORS, SKILLS

from ... import clock, locations
from ...extensions import db
from ...models import (
    CandidateProfile, CaseNote, Consent, Employer, EmployerMember, Position, Referral,
    ReferralEvent, RetentionCheck, User,
)
from ...models.users import CaseworkerArea, CaseworkerProfile
from ...passwords import hash_password
from .. import legal
from . import data
from .base import NOTICE_VERSION, RETENTION_DAYS, STEPS, DemoLogin, tax_code

# Generated companies: about one for every eight positions, named like the ones in a province.
POSITIONS_PER_COMPANY = 8
COMPANY_FORMS = ("Công ty TNHH", "Công ty CP", "Hợp tác xã", "Công ty TNHH MTV", "Hộ kinh doanh")
COMPANY_WORDS = ("Hòa Bình", "Thành Công", "Minh Phát", "Tân Tiến", "Đại Dương", "Phú Thịnh",
                 "An Khang", "Việt Hưng", "Hồng Hà", "Trường An", "Kim Long", "Sao Mai", "Đông Á",
                 "Nam Việt", "Bình Minh", "Hưng Thịnh", "Phúc Lộc", "Quang Trung", "Thiên Phú")
SECTOR_WORDS = {"quarry": "Khai thác đá", "garment": "May mặc", "electronics": "Điện tử",
                "construction": "Xây dựng", "agriculture": "Nông nghiệp", "manufacturing": "Sản xuất",
                "logistics": "Vận tải kho vận", "services": "Dịch vụ"}
# A referral's fate: (final status, weight). The open ones are the pipeline under way now.
OUTCOMES = {"declined": 30, "hired": 18, "left": 8, "withdrawn": 7, "proposed": 10, "approved": 8,
            "sent": 10, "interview": 9}
REFERRALS_PER_CANDIDATE = 0.5
CHUNK = 5000  # rows per executemany: bounded memory, few round trips


@dataclass(frozen=True)
class ScaleCounts:
    companies: int
    positions: int
    candidates: int
    referrals: int


class _Generator:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng, self.today = rng, today
        self.now = datetime.combine(today, time(0), tzinfo=timezone.utc)
        # One hash for every generated account, of a password nobody is told: not a login.
        self.password_hash = hash_password(secrets.token_urlsafe(24))
        self.provinces = list(data.CANDIDATES_PER_PROVINCE)
        self.province_weights = list(data.CANDIDATES_PER_PROVINCE.values())
        self.templates = list(data.POSITIONS)
        self.by_key = {row.key: row for row in data.EMPLOYERS}

    # ---- helpers ---------------------------------------------------------------------------
    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, time(0, 30), tzinfo=timezone.utc) + timedelta(
            minutes=self.rng.randint(0, 570))

    def _ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _ahead(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def _province(self) -> int:
        return self.rng.choices(self.provinces, self.province_weights)[0]

    def _insert(self, model, rows: list[dict], returning: bool = False) -> list[int]:
        """Bulk insert in chunks (Core executemany); with `returning`, the ids given to `rows`.

        Ids are handed out here from the table's current maximum (the database is the demo's
        alone while this runs), which keeps SQLite on its fast executemany path; PostgreSQL's
        sequence is moved past them afterwards."""
        table = model.__table__
        ids: list[int] = []
        if returning:
            first = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
            ids = list(range(first, first + len(rows)))
            for row, new_id in zip(rows, ids, strict=False):
                row["id"] = new_id
        for start in range(0, len(rows), CHUNK):
            db.session.execute(table.insert(), rows[start:start + CHUNK])
        if returning and rows and db.session.get_bind().dialect.name == "postgresql":
            sequence = func.pg_get_serial_sequence(table.name, "id")
            db.session.execute(select(func.setval(sequence, select(func.max(table.c.id)).scalar_subquery())))
        return ids

    # ---- companies and positions -----------------------------------------------------------
    def companies(self, n: int) -> list[dict]:
        admin_id = db.session.scalar(select(User.id).where(User.email == data.ADMINS[0][0]))
        rows, n_tax = [], 0
        for i in range(n):
            while True:  # a base whose mod-11 check digit is 10 has no valid code: skip it
                n_tax += 1
                try:
                    code = tax_code(f"{800_000_000 + n_tax:09d}")
                    break
                except ValueError:
                    continue
            province = self._province()
            sector = self.rng.choice(list(SECTOR_WORDS))
            created = self._ago(200, 700)
            verified = self.rng.random() < 0.95
            rows.append({
                "name": f"{self.rng.choice(COMPANY_FORMS)} {SECTOR_WORDS[sector]} "
                     f"{self.rng.choice(COMPANY_WORDS)} {i + 1}",
                "sector": sector, "tax_code": code, "province_code": province,
                "ward_code": self.rng.choice(data.PROVINCE_WARDS[province]),
                "address_line": f"Lô {self.rng.randint(1, 80)}, cụm công nghiệp",
                "record_question_stage": self._pick({"never": 3, "after_offer": 4, "interview": 2,
                                                  "application": 1}),
                "fair_chance_statement": "", "created_at": self._at(created),
                "verified_at": self._at(created + timedelta(days=self.rng.randint(2, 20))) if verified else None,
                "verified_by_id": admin_id if verified else None})
        ids = self._insert(Employer, rows, returning=True)
        for row, new_id in zip(rows, ids, strict=False):
            row["id"] = new_id
        users = [{"role": "employer", "full_name": f"Phòng nhân sự {row['name']}",
                      "email": f"tuyendung{i + 1}@congty-{i + 1}.example.vn",
                      "password_hash": self.password_hash, "session_token": secrets.token_urlsafe(32),
                      "locale": "vi", "active": True, "created_at": row["created_at"]}
                 for i, row in enumerate(rows)]
        user_ids = self._insert(User, users, returning=True)
        self._insert(EmployerMember, [{"user_id": u, "employer_id": row["id"], "title": "Trưởng phòng nhân sự",
                                           "role": "owner"} for u, row in zip(user_ids, rows, strict=False)])
        return rows

    def positions(self, n: int, companies: list[dict]) -> list[dict]:
        """`n` positions from the demo's rows: mostly at generated companies, a share at the two
        demo employers (so their dashboards hold a company's worth of positions)."""
        demo = {}
        for key in (data.EMPLOYERS[0].key, data.EMPLOYERS[1].key):
            row = self.by_key[key]
            emp_id = db.session.scalar(select(Employer.id).where(Employer.tax_code == tax_code(row.tax_base)))
            demo[key] = (emp_id, row)
        own = {key: [t for t in self.templates if t.employer == key] for key in demo}
        rows = []
        for i in range(n):
            if i < 2 * (n // 200):  # 1 % of them at each demo employer
                key = list(demo)[i % 2]
                emp_id, emp = demo[key]
                template = self.rng.choice(own[key])
                province, ward = emp.province, template.ward
            else:
                company = companies[self.rng.randrange(len(companies))]
                template = self.rng.choice(self.templates)
                emp_id, province = company["id"], company["province_code"]
                ward = self.rng.choice(data.PROVINCE_WARDS[province])
                if company["verified_at"] is None:
                    template = template._replace(life="draft")
            status, opens, closes = self._life(template.life)
            seats = max(1, template.seats + self.rng.randint(-2, 3))
            wage = template.wage and (template.wage[0] + 500_000 * self.rng.randint(-2, 3),
                                      template.wage[1] + 500_000 * self.rng.randint(-1, 4))
            rows.append({
                "employer_id": emp_id, "kind": template.kind, "title": template.title, "sector": template.sector,
                "description": template.description, "required_skills": list(template.required),
                "preferred_skills": list(template.preferred), "min_education": template.min_education,
                "physical_demand": template.physical_demand, "shift": template.shift,
                "wage_min": wage and wage[0], "wage_max": wage and max(wage), "seats": seats, "filled": 0,
                "province_code": province, "ward_code": ward, "housing_provided": template.housing,
                "transport_provided": template.transport, "excluded_offences": list(template.excluded),
                "exclusion_reasons": dict.fromkeys(template.excluded, "Liên quan trực tiếp đến công việc."),
                "opens_on": opens, "closes_on": closes, "status": status, "certificate": "",
                "created_at": self._at(min(opens - timedelta(days=3), self.today)),
                "updated_at": self._at(min(opens, self.today))})
        return rows

    def _life(self, life: str) -> tuple[str, date, date | None]:
        if life == "draft":
            return "draft", self._ahead(3, 20), None
        roll = self.rng.random()
        if life == "closed" or roll < 0.12:
            opens = self._ago(200, 600)
            return "closed", opens, opens + timedelta(days=self.rng.randint(60, 150))
        if roll < 0.15:
            return "paused", self._ago(30, 300), self._ahead(20, 120)
        return "open", self._ago(10, 560), self._ahead(20, 150)

    # ---- caseworkers and people --------------------------------------------------------------
    def caseworkers(self, ward_caseworkers: dict[int, list[int]]) -> int:
        """A commune police officer for every commune of the four provinces that no demo
        caseworker covers, so people live in every commune and each caseworker holds a commune's
        caseload, as in a province, not the whole province's. Adds to `ward_caseworkers`."""
        wards = [(province, ward) for province in self.provinces for ward, _ in locations.wards_of(province)
                 if ward not in ward_caseworkers]
        users = [{"role": "caseworker", "full_name": f"{self._pick(dict(data.SURNAMES))} Văn "
                                                     f"{self.rng.choice(data.GIVEN_MALE)}",
                  "email": f"canbo.{ward}@scale.loive.vn", "password_hash": self.password_hash,
                  "session_token": secrets.token_urlsafe(32), "locale": "vi", "active": True,
                  "created_at": self.now} for _, ward in wards]
        user_ids = self._insert(User, users, returning=True)
        self._insert(CaseworkerProfile, [
            {"user_id": uid, "agency": "police", "title": f"Công an {locations.ward_name(ward)}"}
            for uid, (_, ward) in zip(user_ids, wards, strict=True)])
        self._insert(CaseworkerArea, [
            {"caseworker_id": uid, "province_code": province, "ward_code": ward}
            for uid, (province, ward) in zip(user_ids, wards, strict=True)])
        for uid, (_, ward) in zip(user_ids, wards, strict=True):
            ward_caseworkers[ward] = [uid]
        return len(user_ids)

    def candidates(self, n: int, ward_caseworkers: dict[int, list[int]]) -> list[dict]:
        rng, rows = self.rng, []
        wards = {province: [w for w, _ in locations.wards_of(province)] for province in self.provinces}
        for _ in range(n):
            province = self._province()
            ward = rng.choice(wards[province])
            female = rng.random() < 0.17
            middle = rng.choice(data.MIDDLE_FEMALE if female else data.MIDDLE_MALE)
            given = rng.choice(data.GIVEN_FEMALE if female else data.GIVEN_MALE)
            skills = self._skills(province)
            status = self._pick(data.LEGAL_WEIGHTS)
            row = dict(
                full_name=f"{self._pick(dict(data.SURNAMES))} {middle} {given}",
                gender="female" if female else "male", birth_year=int(rng.triangular(1965, 2004, 1992)),
                province_code=province, ward_code=ward, address_line=f"Thôn {rng.randint(1, 14)}",
                phone=None, education=self._pick(data.EDUCATION_WEIGHTS), skills=skills,
                experience="", health_notes="", health_limits=[],
                physical_capacity=self._pick(data.PHYSICAL_WEIGHTS),
                shifts=list(rng.choice(data.SHIFT_CHOICES)), desired_sectors=self._sectors(skills),
                wage_expectation=rng.randrange(5_000_000, 10_500_000, 500_000),
                max_commute_km=rng.choice((5, 10, 15, 20, 30, 50)), has_transport=rng.random() < 0.6,
                needs_housing=rng.random() < 0.2, needs_loan=rng.random() < 0.25,
                needs_training=rng.random() < (0.3 if skills else 0.6),
                needs_papers=rng.random() < 0.1, needs_health_insurance=rng.random() < 0.2,
                self_registered=False, caseworker_id=rng.choice(ward_caseworkers[ward]),
                **self._legal(status))
            created = self._ago(20, 600)
            row["created_at"] = row["updated_at"] = self._at(created)
            rows.append(row)
        return rows

    def _skills(self, province: int) -> list[str]:
        weights = {s: 4 if s in data.LOCAL_SKILLS[province] else 1 for s in SKILLS}
        chosen = self.rng.choices(list(weights), list(weights.values()), k=self._pick({0: 15, 1: 30, 2: 30, 3: 17, 4: 8}))
        return list(dict.fromkeys(chosen))

    def _sectors(self, skills: list[str]) -> list[str]:
        fitting = [s for s in SECTORS if set(SECTOR_SKILLS.get(s, ())) & set(skills)]
        wanted = self.rng.sample(fitting, min(len(fitting), 2))
        return wanted or [self.rng.choice(list(SECTORS))]

    def _legal(self, status: str) -> dict:
        out = {"legal_status": status, "offence_category": None, "release_date": None, "supervision_end": None,
                   "travel_restricted": False, "sentence_kind": None, "sentence_months": None,
                   "expungement_date": None, "penalty_end": None}
        if status == "expunged":
            out["expungement_date"] = self._ago(30, 1400)
            return out
        out["offence_category"] = self._pick(data.OFFENCE_WEIGHTS)
        if status == "released":
            out["release_date"] = self._ago(60, 2200)
        elif status == "suspended_sentence":
            out["supervision_end"] = self._ahead(90, 1100)
            out["travel_restricted"] = self.rng.random() < 0.4
        else:
            out["release_date"] = self._ago(30, 900)
            out["supervision_end"] = self._ahead(30, 1000)
            out["travel_restricted"] = self.rng.random() < 0.85
        out["sentence_kind"] = "suspended" if status == "suspended_sentence" else "prison"
        months = self._pick({12: 3, 24: 4, 36: 5, 60: 4, 84: 2, 120: 1})
        out["sentence_months"] = min(months, 36) if out["sentence_kind"] == "suspended" else months
        out["expungement_date"] = legal.expungement_date(
            out["sentence_kind"], out["sentence_months"],
            legal.completed_on(out["release_date"], out["supervision_end"], None))
        return out

    def accounts(self, people: list[dict], ids: list[int], share: float = 0.3) -> None:
        """A share of the people claimed their profile: an account signed in by phone (the 059
        prefix, which the demo's own numbers never use)."""
        claimed = [(row, pid) for row, pid in zip(people, ids, strict=False) if self.rng.random() < share]
        users = [{"role": "candidate", "full_name": row["full_name"], "phone": f"059{n:07d}",
                      "password_hash": self.password_hash, "session_token": secrets.token_urlsafe(32),
                      "locale": "vi", "active": True, "created_at": row["created_at"]}
                 for n, (row, _) in enumerate(claimed, start=1)]
        user_ids = self._insert(User, users, returning=True)
        if not claimed:
            return
        db.session.connection().execute(
            update(CandidateProfile.__table__).where(CandidateProfile.__table__.c.id == bindparam("pid"))
            .values(user_id=bindparam("uid"), phone=bindparam("ph")),
            [{"pid": pid, "uid": uid, "ph": user["phone"]} for (_, pid), uid, user in zip(claimed, user_ids, users, strict=False)])
        for (row, _), uid in zip(claimed, user_ids, strict=False):
            row["user_id"] = uid

    # ---- referrals and outcomes --------------------------------------------------------------
    def referrals(self, people: list[dict], positions: list[dict], n: int) -> int:
        """`n` referrals between people and positions of their province, with their events,
        retention checks and the consents they needed; seats and placements stay consistent."""
        rng = self.rng
        live = [p for p in positions if p["status"] != "draft"]
        by_province: dict[int, list[dict]] = {}
        for p in live:
            by_province.setdefault(p["province_code"], []).append(p)
        consented = [c for c in people if c["consented"]]
        pairs, placed = set(), set()
        rows, meta = [], []
        cutoff = self.today - timedelta(days=183)
        for _ in range(n):
            c = consented[rng.randrange(len(consented))]
            pool = by_province.get(c["province_code"]) or live
            pos = pool[rng.randrange(len(pool))]
            # The hard rules: one referral per pair, the company's exclusions, travel limits.
            if ((c["id"], pos["id"]) in pairs or c["offence_category"] in pos["excluded_offences"]
                    or (c["travel_restricted"] and c["province_code"] != pos["province_code"])):
                continue
            outcome = self._pick(OUTCOMES)
            if outcome in OPEN_OUTCOMES and pos["status"] != "open":
                outcome = "declined"
            start = self._at(max(pos["opens_on"], self._ago(20, 540)) if outcome not in OPEN_OUTCOMES
                             else self._ago(3, 40))
            if start > self.now - timedelta(days=2):
                start = self.now - timedelta(days=2)
            path = self._path(outcome)
            hired_now = outcome == "hired"
            if hired_now and (c["id"] in placed or pos["filled"] >= pos["seats"]
                              or start.date() < cutoff):
                path = path[:-1] + ["declined"]
                hired_now = False
            if "hired" in path and c["id"] in placed:
                path = [s for s in path if s not in ("hired", "left")] + ["declined"]
            if hired_now:
                pos["filled"] += 1
                placed.add(c["id"])
            pairs.add((c["id"], pos["id"]))
            times = self._times(path, start)
            status = path[-1]
            row = {"candidate_id": c["id"], "position_id": pos["id"], "status": status,
                       "decline_reason": self._decline() if status == "declined" else None,
                       "created_by_id": c["caseworker_id"], "created_at": times[0], "updated_at": times[-1],
                       "interview_on": None, "start_on": None, "hired_at": None, "left_on": None, "left_reason": None}
            if "interview" in path:
                row["interview_on"] = (times[path.index("interview")] + timedelta(days=2)).date()
            if "hired" in path:
                hired = times[path.index("hired")]
                row["hired_at"], row["start_on"] = hired, (hired + timedelta(days=3)).date()
            if status == "left":
                row["left_on"] = times[-1].date() - timedelta(days=rng.randint(1, 20))
                row["left_reason"] = rng.choice(("better_job", "family", "distance", "wage", "health"))
            rows.append(row)
            meta.append((c, pos, path, times))
        ids = self._insert(Referral, rows, returning=True)
        events, checks, employer_consents = [], [], {}
        for rid, row, (c, pos, path, times) in zip(ids, rows, meta, strict=False):
            for previous, step, at in zip([None] + path, path, times, strict=False):
                events.append({"referral_id": rid, "from_status": previous, "to_status": step, "at": at,
                                   "actor_id": c["caseworker_id"], "note": data.EVENT_NOTES[step]})
                if step == "sent":
                    key = (c["id"], pos["employer_id"])
                    employer_consents[key] = min(employer_consents.get(key, at), at - timedelta(hours=1))
            if row["start_on"] is not None:
                left = row["status"] == "left"
                for day in RETENTION_DAYS:
                    due = row["start_on"] + timedelta(days=day)
                    answered = due < self.today - timedelta(days=5) and rng.random() < 0.85
                    last = left and (day == RETENTION_DAYS[-1] or rng.random() < 0.5)
                    checks.append({"referral_id": rid, "day": day, "due_on": due,
                                       "retained": (not last) if answered or last else None,
                                       "checked_at": self._at(min(due, self.today)) if answered or last else None,
                                       "checked_by_id": None})
                    if last:
                        break
        self._insert(ReferralEvent, events)
        self._insert(RetentionCheck, checks)
        self._insert(Consent, [{"candidate_id": cid, "purpose": "employer", "employer_id": eid, "created_at": at,
                                    "notice_version": NOTICE_VERSION, "recorded_by_id": None, "reference": None}
                               for (cid, eid), at in employer_consents.items()])
        return len(rows)

    @staticmethod
    def _path(outcome: str) -> list[str]:
        if outcome in STEPS:
            return list(STEPS[:STEPS.index(outcome) + 1])
        if outcome == "withdrawn":
            return ["proposed", "withdrawn"]
        if outcome == "declined":
            return ["proposed", "approved", "sent", "declined"]
        if outcome == "left":
            return list(STEPS) + ["hired", "left"]
        return list(STEPS) + ["hired"]

    def _times(self, path: list[str], start: datetime) -> list[datetime]:
        room = max(self.now - start - timedelta(hours=1), timedelta(hours=len(path)))
        gaps = [timedelta(days=self.rng.randint(1, 6), hours=self.rng.randint(0, 5)) for _ in path[1:]]
        if path[-1] == "left":
            gaps[-1] += timedelta(days=self.rng.randint(20, 150))
        total = sum(gaps, timedelta())
        if total > room:
            gaps = [gap * (room / total) for gap in gaps]
        times = [start]
        for gap in gaps:
            times.append(times[-1] + gap)
        return times

    def _decline(self) -> str:
        return self._pick({"skills": 3, "distance": 2, "health": 1, "schedule": 1, "record": 1,
                           "no_show": 1, "candidate_declined": 1, "other": 1})

    def consents_and_notes(self, people: list[dict]) -> None:
        consents, notes = [], []
        for c in people:
            if c["consented"]:
                for purpose in ("profile", "model_use") if self.rng.random() < 0.88 else ("profile",):
                    consents.append({"candidate_id": c["id"], "purpose": purpose, "employer_id": None,
                                         "created_at": c["created_at"], "notice_version": NOTICE_VERSION,
                                         "recorded_by_id": c["caseworker_id"], "reference": None})
            since = c["created_at"].date()
            for _ in range(self.rng.choice((0, 1, 1, 2))):
                kind, body = self.rng.choice(data.NOTES)
                span = max((self.today - since).days - 1, 0)
                when = since + timedelta(days=self.rng.randint(0, span))
                notes.append({"candidate_id": c["id"], "kind": kind, "body": body, "occurred_on": when,
                                  "author_id": c["caseworker_id"], "about_legal_case": False,
                                  "created_at": self._at(when)})
        self._insert(Consent, consents)
        self._insert(CaseNote, notes)


OPEN_OUTCOMES = ("proposed", "approved", "sent", "interview")


def scale(positions: int, candidates: int, seed: int = 2026, *, today: date | None = None
          ) -> tuple[list[DemoLogin], ScaleCounts]:
    """The demo programme plus `positions` generated positions and `candidates` generated people
    (with companies, referrals, outcomes, consents and notes) in an empty development database.

    Refused as `seed()` is: outside demo mode, debug or testing, or on a database with data."""
    from . import seed as seed_demo

    today = today or clock.today()
    logins = seed_demo(seed, today=today)
    db.session.flush()
    gen = _Generator(random.Random(seed), today)  # nosec B311: demo data, seeded on purpose
    ward_caseworkers: dict[int, list[int]] = {}
    for ward, user_id in db.session.execute(select(CaseworkerArea.ward_code, CaseworkerArea.caseworker_id)):
        ward_caseworkers.setdefault(ward, []).append(user_id)
    n_companies = max(1, positions // POSITIONS_PER_COMPANY) if positions else 0
    companies = gen.companies(n_companies) if n_companies else []
    position_rows = gen.positions(positions, companies) if positions else []
    for row, new_id in zip(position_rows, gen._insert(Position, position_rows, returning=True), strict=False):
        row["id"] = new_id
    if candidates:
        gen.caseworkers(ward_caseworkers)
    people = gen.candidates(candidates, ward_caseworkers)
    ids = gen._insert(CandidateProfile, people, returning=True)
    for row, new_id in zip(people, ids, strict=False):
        row["id"], row["consented"] = new_id, gen.rng.random() < 0.92
    gen.accounts(people, ids)
    gen.consents_and_notes(people)
    made = gen.referrals(people, position_rows, int(candidates * REFERRALS_PER_CANDIDATE)) \
        if position_rows and people else 0
    # Seats taken by the generated hires, in one executemany; a position with none left is "full".
    filled = [{"pid": p["id"], "f": p["filled"], "s": "full" if p["status"] == "open" and p["filled"] >= p["seats"]
                   else p["status"]} for p in position_rows if p["filled"]]
    if filled:
        table = Position.__table__
        db.session.connection().execute(
            update(table).where(table.c.id == bindparam("pid")).values(filled=bindparam("f"), status=bindparam("s")),
            filled)
    return logins, ScaleCounts(n_companies, positions, candidates, made)
