"""Retention [SECURITY 23]: what is kept no longer than needed, removed by `flask privacy purge`
(run daily). Each class of data, how long it is kept, and why:

| data | kept | why |
|---|---|---|
| what a company saw of a referral that ended unhired (declined, withdrawn): its members' notifications about it, their notes on it, the exposure rows of its candidate list | 30 days after the end, unless the person agreed the company may keep it | recruitment may keep unsuccessful applicants' data only with their consent (Law 91/2025); a month answers questions about the decision |
| sign-up codes (SMS) | 1 day after they expire | they are also the hourly send counter |
| claim codes of profiles made by a caseworker | until they expire | one use |
| company invitation codes never used | 30 days after they expire | the owner sees what was offered and lapsed |
| API tokens expired or revoked | 30 days | the token list of the account |
| outbox messages sent or failed (phone numbers, names) | 90 days | delivery questions |
| exposure log of suggestions | 180 days (`exposure.KEEP_DAYS`) | learning what people were shown |
| signed-in sessions | their lifetime / idle timeout (`sessions`) | none after that |
| login counters (logins, claim and invitation codes) | one day after their window | none after that |
| caseload uploads never confirmed (the whole list) | one day | the preview needs them only while it is open |

The audit trail is not purged: it holds no values, only who, when, what category, and it is
append-only in the database.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, or_, select, update

from .. import clock, login_limit
from ..extensions import db
from ..models import (
    ApiToken, CandidateProfile, Consent, EmployerInvitation, EmployerMember, Exposure,
    Notification, OneTimeCode, OutboxMessage, Position, Referral, ReferralEvent,
)
from ..models.referrals import ENDED_UNHIRED
from . import exposure, imports, sessions

UNHIRED_REFERRAL_DAYS = 30
SIGNUP_CODE_GRACE = timedelta(days=1)
INVITATION_DAYS = 30
API_TOKEN_DAYS = 30
OUTBOX_DAYS = 90


def unhired_referrals(now: datetime):
    """Referrals that ended unhired more than UNHIRED_REFERRAL_DAYS ago and whose person did not
    agree that the company may keep their data (for this company, or for any)."""
    kept = exists().where(
        Consent.candidate_id == Referral.candidate_id, Consent.purpose == "keep_after_referral",
        Consent.withdrawn_at.is_(None),
        or_(Consent.employer_id.is_(None), Consent.employer_id == Position.employer_id))
    return (select(Referral.id, Referral.candidate_id, Referral.position_id, Position.employer_id)
            .join(Position, Position.id == Referral.position_id)
            .where(Referral.status.in_(ENDED_UNHIRED),
                   Referral.updated_at < now - timedelta(days=UNHIRED_REFERRAL_DAYS), ~kept))


def purge_unhired_employer_views(now: datetime) -> int:
    """The company's side of ended, unhired referrals: its members' notifications about them,
    the notes its members wrote on them, and the exposure rows of its candidate lists. The
    referral and its status history stay (the caseworker's record; outcomes for the model)."""
    removed = 0
    for referral_id, candidate_id, position_id, employer_id in db.session.execute(unhired_referrals(now)).all():
        members = select(EmployerMember.user_id).where(EmployerMember.employer_id == employer_id)
        removed += db.session.execute(delete(Notification).where(
            Notification.referral_id == referral_id, Notification.recipient_id.in_(members))).rowcount
        removed += db.session.execute(update(ReferralEvent).where(
            ReferralEvent.referral_id == referral_id, ReferralEvent.actor_id.in_(members),
            ReferralEvent.note != "").values(note="")).rowcount
        removed += db.session.execute(delete(Exposure).where(
            Exposure.candidate_id == candidate_id, Exposure.position_id == position_id,
            Exposure.surface == "position_candidates")).rowcount
    return removed


def purge_codes(now: datetime) -> int:
    """Expired one-time codes: SMS sign-up codes, claim codes, unused company invitations."""
    removed = db.session.execute(delete(OneTimeCode).where(OneTimeCode.expires_at < now - SIGNUP_CODE_GRACE)).rowcount
    removed += db.session.execute(update(CandidateProfile).where(
        CandidateProfile.claim_code_expires_at < now).values(
        claim_code_hash=None, claim_code_expires_at=None)).rowcount
    removed += db.session.execute(delete(EmployerInvitation).where(
        EmployerInvitation.used_at.is_(None),
        EmployerInvitation.expires_at < now - timedelta(days=INVITATION_DAYS))).rowcount
    return removed


def purge_api_tokens(now: datetime) -> int:
    cutoff = now - timedelta(days=API_TOKEN_DAYS)
    return db.session.execute(delete(ApiToken).where(
        or_(ApiToken.expires_at < cutoff, and_(ApiToken.revoked_at.is_not(None), ApiToken.revoked_at < cutoff))
    )).rowcount


def purge_outbox(now: datetime) -> int:
    return db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_(("sent", "failed")),
        OutboxMessage.created_at < now - timedelta(days=OUTBOX_DAYS))).rowcount


RULES = {
    "company views of unhired referrals": purge_unhired_employer_views,
    "expired one-time codes": purge_codes,
    "expired API tokens": purge_api_tokens,
    "delivered outbox messages": purge_outbox,
    "exposure log": lambda now: exposure.purge(now),
    "ended sessions": lambda now: sessions.purge(now),
    "login counters": lambda now: login_limit.purge(now),
    "unconfirmed caseload uploads": lambda now: imports.purge_pending(now),
}


def purge_all(now: datetime | None = None) -> dict[str, int]:
    """Apply every retention rule; returns how many rows each touched. The caller commits."""
    now = now or clock.now()
    return {name: rule(now) for name, rule in RULES.items()}
