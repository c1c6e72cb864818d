"""The referral pipeline as data: which step leads where, who may take it, what it needs.

This table is the one place the rules live: the service enforces it, the pages list the actions
it allows, the API answers from it. "Who" is the actor's relation to the referral: the candidate
themself, a caseworker holding the candidate's commune, a member of the position's company, or an
admin.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, Select, func, select

from .. import clock
from ..extensions import db
from ..models import HiddenPosition, Referral
from ..models.referrals import OPEN_STATUSES

CANDIDATE, CASEWORKER, EMPLOYER, ADMIN = "candidate", "caseworker", "employer", "admin"

# What a step asks of the person taking it.
NEEDS_REASON = "reason"            # a decline reason from DECLINE_REASONS
NEEDS_DATE = "date"                # the interview date or the first working day
NEEDS_CONSENT = "consent"          # an active consent to share the profile with this company
NEEDS_LEFT_REASON = "left_reason"  # why a hired person left


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    roles: frozenset[str]
    needs: frozenset[str] = frozenset()


def _step(source: str, target: str, roles: tuple[str, ...], *needs: str) -> Step:
    return Step(source, target, frozenset(roles), frozenset(needs))


STEPS: dict[tuple[str, str], Step] = {
    (s.source, s.target): s
    for s in (
        _step("proposed", "approved", (CASEWORKER,)),
        _step("approved", "sent", (CASEWORKER,), NEEDS_CONSENT),
        _step("sent", "interview", (EMPLOYER,), NEEDS_DATE),
        _step("sent", "hired", (EMPLOYER,), NEEDS_DATE),
        _step("interview", "hired", (EMPLOYER,), NEEDS_DATE),
        *(_step(s, "declined", (CASEWORKER,), NEEDS_REASON) for s in ("proposed", "approved")),
        *(_step(s, "declined", (CASEWORKER, EMPLOYER), NEEDS_REASON) for s in ("sent", "interview")),
        *(_step(s, "withdrawn", (CANDIDATE, CASEWORKER, ADMIN)) for s in OPEN_STATUSES),
        _step("hired", "left", (EMPLOYER, CASEWORKER), NEEDS_DATE, NEEDS_LEFT_REASON),
    )
}

# Who may start a referral ("I'm interested", or a caseworker's proposal).
PROPOSERS = frozenset((CANDIDATE, CASEWORKER))
# Who answers the 30/90/180-day retention checks.
RETENTION_CHECKERS = frozenset((EMPLOYER, CASEWORKER))

# The button each step is taken with, as its target reads to the person pressing it.
ACTION_LABEL = {
    "approved": _l("Approve"),
    "sent": _l("Send to the company"),
    "interview": _l("Record an interview"),
    "hired": _l("Record the hire"),
    "declined": _l("Decline"),
    "withdrawn": _l("Withdraw"),
    "left": _l("Record that they left"),
}


def step(source: str, target: str) -> Step | None:
    return STEPS.get((source, target))


def steps_from(source: str, relation: str | None) -> list[Step]:
    """The steps a person with this relation may take from `source`, in table order."""
    if relation is None:
        return []
    return [s for s in STEPS.values() if s.source == source and relation in s.roles]


# A person who turned a position down is not offered it again for this long.
PARKED_DAYS = 60


def not_to_suggest(candidate_id: int) -> CompoundSelect:
    """Positions not to suggest to a person: those with a referral that is open, hired, left or
    ended by the company, those the person turned down less than PARKED_DAYS ago, and those
    they marked "not for me". A referral the person withdrew does not hold the position back."""
    parked_since = clock.now() - timedelta(days=PARKED_DAYS)
    return select(Referral.position_id).where(
        Referral.candidate_id == candidate_id,
        ~((Referral.status == "withdrawn")
          | ((Referral.status == "declined") & (Referral.decline_reason == "candidate_declined")
             & (Referral.updated_at < parked_since)))).union(
        # and those the person marked "not for me"
        select(HiddenPosition.position_id).where(HiddenPosition.candidate_id == candidate_id))


def in_work() -> Select:
    """People placed now (a hire not ended): out of the pool until the placement ends."""
    return select(Referral.candidate_id).where(Referral.status == "hired")


def open_referral_counts(position_ids: list[int]) -> dict[int, int]:
    """Referrals in progress per position: the "n in progress" shown beside the seats left."""
    if not position_ids:
        return {}
    rows = db.session.execute(
        select(Referral.position_id, func.count())
        .where(Referral.position_id.in_(position_ids), Referral.status.in_(OPEN_STATUSES))
        .group_by(Referral.position_id))
    return dict(rows.all())
