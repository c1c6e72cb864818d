"""Caseload and referral lists as tables to download, for caseworkers (their communes only) and
admins. Conviction details go out only for a purpose that needs them; the caller audits each
export with the purpose and the number of rows."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from ..labels import coded
from ..locations import ward_name
from ..models import CandidateProfile, Position, Referral, User
from ..models.referrals import RETENTION_DAYS
from ..extensions import db
from . import areas, vocabulary
from .referral_states import in_work
from .tabular import Sheet

KINDS = ("caseload", "referrals")
# An export larger than this is refused: choose one commune or province instead.
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Purpose:
    label: object
    conviction: bool  # the purpose needs the conviction details


PURPOSES = {
    "casework": Purpose(_l("Casework follow-up (no conviction details)"), False),
    "statistics": Purpose(_l("Statistics for the steering committee (no conviction details)"), False),
    "legal_follow_up": Purpose(_l("Supervision and expungement follow-up (includes conviction details)"), True),
}


class ExportError(ValueError):
    def __init__(self, message) -> None:
        self.message = message
        super().__init__("export")


@dataclass(frozen=True)
class Export:
    sheet: Sheet
    conviction: bool

    @property
    def row_count(self) -> int:
        return len(self.sheet.rows)


def _yes(value: bool | None) -> str:
    return "" if value is None else str(_l("Yes") if value else _l("No"))


def _conviction_header() -> list[str]:
    return [str(h) for h in (_l("Legal status"), _l("Offence category"), _l("Sentence"), _l("Months"),
                             _l("Release date"), _l("Supervision ends"), _l("Supplementary penalty ends"),
                             _l("Record expunged by law on"))]


def _conviction(p: CandidateProfile) -> list:
    return [coded("legal_status", p.legal_status), coded("offence_category", p.offence_category),
            coded("sentence_kind", p.sentence_kind), p.sentence_months, p.release_date, p.supervision_end,
            p.penalty_end, p.expungement_date]


def _caseload(people, conviction: bool) -> Sheet:
    header = [str(h) for h in (
        _l("No."), _l("Full name"), _l("Birth year"), _l("Gender"), _l("Commune / ward"), _l("Phone"),
        _l("Lead caseworker"), _l("Skills"), _l("Needs a loan"), _l("Needs training"), _l("Needs papers"),
        _l("Needs health insurance"), _l("In work now"), _l("Profile made on"))]
    lead = aliased(User)
    placed = set(db.session.scalars(in_work().where(Referral.candidate_id.in_(people))))
    rows = []
    for p, lead_name in db.session.execute(
            select(CandidateProfile, lead.full_name).outerjoin(lead, lead.id == CandidateProfile.caseworker_id)
            .where(CandidateProfile.id.in_(people)).order_by(CandidateProfile.ward_code, CandidateProfile.full_name)
            .limit(MAX_ROWS + 1)):
        row = [p.id, p.full_name, p.birth_year, coded("gender", p.gender), ward_name(p.ward_code), p.phone,
               lead_name, ", ".join(vocabulary.label("skills", s) for s in p.skills or ()),
               _yes(p.needs_loan), _yes(p.needs_training), _yes(p.needs_papers), _yes(p.needs_health_insurance),
               _yes(p.id in placed), p.created_at.date()]
        rows.append(row + (_conviction(p) if conviction else []))
    return Sheet(str(_l("Caseload")), header + (_conviction_header() if conviction else []), rows)


def _referrals(people, conviction: bool) -> Sheet:
    header = [str(h) for h in (
        _l("No."), _l("Full name"), _l("Commune / ward"), _l("Position"), _l("Kind"), _l("Employer"),
        _l("Sector"), _l("Status"), _l("Referred on"), _l("First working day"), _l("Left on"),
        _l("Decline reason"), *(_l("Still working after %(d)s days", d=d) for d in RETENTION_DAYS))]
    conviction_header = [str(_l("Legal status")), str(_l("Offence category"))]
    rows = []
    for r in db.session.scalars(
            select(Referral).where(Referral.candidate_id.in_(people))
            .order_by(Referral.created_at.desc(), Referral.id.desc()).limit(MAX_ROWS + 1)
            .options(selectinload(Referral.candidate), selectinload(Referral.retention_checks),
                     selectinload(Referral.position).selectinload(Position.employer))):
        checks = {c.day: c.retained for c in r.retention_checks}
        row = [r.id, r.candidate.full_name, ward_name(r.candidate.ward_code), r.position.title,
               coded("position_kind", r.position.kind), r.position.employer.name,
               vocabulary.label("sectors", r.position.sector), coded("referral_status", r.status),
               r.created_at.date(), r.start_on, r.left_on, coded("decline_reason", r.decline_reason),
               *(_yes(checks.get(d)) for d in RETENTION_DAYS)]
        if conviction:
            row += [coded("legal_status", r.candidate.legal_status),
                    coded("offence_category", r.candidate.offence_category)]
        rows.append(row)
    return Sheet(str(_l("Referrals")), header + (conviction_header if conviction else []), rows)


def build(actor: User, kind: str, area: areas.Area, purpose: str) -> Export:
    """The list of `kind` for the people of `area` that `actor` may export. Raises ExportError
    (or areas.AreaError) with a message for the person."""
    if kind not in KINDS:
        raise ExportError(_l("Choose what to export from the list."))
    if purpose not in PURPOSES:
        raise ExportError(_l("Choose the purpose of this export from the list."))
    people = areas.people(actor, area)
    conviction = PURPOSES[purpose].conviction
    sheet = (_caseload if kind == "caseload" else _referrals)(people, conviction)
    if len(sheet.rows) > MAX_ROWS:
        raise ExportError(_l("More than %(n)s rows: choose one province or one commune.", n=MAX_ROWS))
    return Export(sheet, conviction)
