"""Staff, employers, positions and the people returning."""
from __future__ import annotations

from datetime import date, timedelta


from matching.taxonomy import SECTOR_SKILLS, SECTORS, SKILLS

from ... import locations
from ...extensions import db
from ...models import (
    CandidateProfile, CaseworkerArea, CaseworkerProfile, Employer,
    EmployerMember, Position, User,
)
from .. import legal
from . import data
from .base import (
    _Cand, _Pos, require, tax_code,
)


class People:
    """Mixed into Builder: who is in the programme."""

    def _staff(self) -> None:
        for email, name in data.ADMINS:
            self._user("admin", name, email, self._ago(640, 700))
        for row in data.CASEWORKERS:
            user = self._user("caseworker", row.name, row.login, self._ago(560, 620))
            user.caseworker = CaseworkerProfile(agency=row.agency, title=row.title, areas=[
                CaseworkerArea(province_code=row.province, ward_code=ward) for ward in row.wards])
            for ward in row.wards:
                require(locations.is_valid_pair(row.province, ward), (row.login, ward))
                self.ward_caseworkers.setdefault(ward, []).append(user)
        wards = {w for ws in data.PROVINCE_WARDS.values() for w in ws}
        require(wards <= set(self.ward_caseworkers), "every demo commune needs a caseworker")

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
            for n, (login, name, title) in enumerate(row.members):
                user = self._user("employer", name, login, created)
                user.membership = EmployerMember(employer=employer, title=title,
                                                 role="owner" if n == 0 else "member")
            db.session.add(employer)
            self.employers[row.key] = employer

    def _positions(self) -> None:
        by_key = {row.key: row for row in data.EMPLOYERS}
        for row in data.POSITIONS:
            emp = by_key[row.employer]
            opens, closes, status = self._position_dates(row.life)
            if not emp.verified:  # kept as drafts until an admin verifies the company
                opens, closes, status = self.today + timedelta(days=7), None, "draft"
            require(locations.is_valid_pair(emp.province, row.ward), row.title)
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
        self._expungement(profile)
        return self._place(profile, claimed=True, consented=True,
                           caseworker=self.users[row.caseworker])

    def _place(self, profile: CandidateProfile, *, claimed: bool, consented: bool,
               caseworker: User | None = None) -> _Cand:
        """Attach a caseworker of the commune, maybe an account, and work out availability."""
        require(locations.is_valid_pair(profile.province_code, profile.ward_code))
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
        # Suspended: the prison term not served; otherwise served, mostly short terms.
        p.sentence_kind = "suspended" if status == "suspended_sentence" else "prison"
        p.sentence_months = self._pick({12: 3, 24: 4, 36: 5, 60: 4, 84: 2, 120: 1, 180: 1, 200: 1})
        if p.sentence_kind == "suspended":
            p.sentence_months = min(p.sentence_months, 36)
        self._expungement(p)

    @staticmethod
    def _expungement(p: CandidateProfile) -> None:
        p.expungement_date = legal.expungement_date(
            p.sentence_kind, p.sentence_months,
            legal.completed_on(p.release_date, p.supervision_end, p.penalty_end))

    # ---- referrals ---------------------------------------------------------------------------
