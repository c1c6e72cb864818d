"""Everything held about a person, for them: the export, who viewed their record, what they
agreed to, and their requests to correct or delete something [SECURITY 21, 22, 23]."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import inspect, select

from .. import clock
from ..extensions import db
from ..models import (
    AuditEvent, CandidateProfile, CaseTask, DataRequest, Employer, HiddenPosition, Referral, User,
)
from . import consents, notifications
from .referrals import caseworkers_of

# Never exported: they let someone claim the profile, and mean nothing to the person.
NOT_EXPORTED = {"claim_code_hash", "claim_code_expires_at"}
VIEWS_SHOWN = 100
DATA_REQUEST_DUE = timedelta(days=0)  # on the caseworker's today panel at once


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _row(obj, skip=()) -> dict:
    return {c.key: _plain(getattr(obj, c.key)) for c in inspect(obj).mapper.column_attrs
            if c.key not in skip}


def export(profile: CandidateProfile) -> dict:
    """Everything held about the person, as plain JSON-ready data."""
    user = profile.user
    referrals = db.session.scalars(select(Referral).where(Referral.candidate_id == profile.id)
                                   .order_by(Referral.id)).all()
    return {
        "exported_at": clock.now().isoformat(),
        "account": _row(user, skip=("password_hash", "session_token")) if user else None,
        "profile": _row(profile, skip=NOT_EXPORTED),
        "consents": [_row(c) for c in consents.history(profile)],
        "referrals": [{**_row(r), "position": r.position.title, "employer": r.position.employer.name,
                       "events": [_row(e) for e in r.events]} for r in referrals],
        "case_notes": [_row(n) for n in profile.notes],
        "support": [_row(s) for s in profile.support_actions],
        "milestones": [_row(m) for m in profile.milestones],
        "hidden_positions": [_row(h) for h in db.session.scalars(
            select(HiddenPosition).where(HiddenPosition.candidate_id == profile.id))],
        "data_requests": [_row(d) for d in db.session.scalars(
            select(DataRequest).where(DataRequest.candidate_id == profile.id))],
        "record_views": [v.as_dict() for v in views_of(profile)],
    }


@dataclass(frozen=True)
class View:
    """One look at the person's record: when, by which role and organisation (never a name)."""

    at: datetime
    role: str | None
    agency: str | None
    employer: str | None
    ward_code: int | None
    action: str

    def as_dict(self) -> dict:
        return {"at": _plain(self.at), "role": self.role, "agency": self.agency,
                "employer": self.employer, "ward_code": self.ward_code, "action": self.action}


def views_of(profile: CandidateProfile) -> list[View]:
    """Who viewed the person's record, newest first, from the audit log; their own looks left out."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "candidate", AuditEvent.subject_id == profile.id,
                                 AuditEvent.outcome == "success")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(VIEWS_SHOWN)).all()
    viewers = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_({e.user_id for e in events if e.user_id})))}
    shown = []
    for event in events:
        if profile.user_id is not None and event.user_id == profile.user_id:
            continue
        viewer = viewers.get(event.user_id)
        agency = viewer.caseworker.agency if viewer and viewer.caseworker else None
        employer = viewer.membership.employer.name if viewer and viewer.membership else None
        shown.append(View(event.at, event.role, agency, employer, event.ward_code, event.action))
    return shown


def request_change(actor: User, profile: CandidateProfile, kind: str, body: str) -> DataRequest:
    """Ask the caseworker to correct or delete something: a task on their today panel."""
    task = CaseTask(candidate_id=profile.id, kind="data_request", due_on=clock.today() + DATA_REQUEST_DUE)
    db.session.add(task)
    db.session.flush()
    asked = DataRequest(candidate_id=profile.id, task_id=task.id, kind=kind, body=body.strip(),
                        created_by_id=actor.id)
    db.session.add(asked)
    notifications.notify(caseworkers_of(profile), "data_request", {"candidate": profile.full_name})
    db.session.flush()
    return asked


def consent_overview(profile: CandidateProfile) -> dict:
    """What the consent centre shows: each general choice, each company referred to, history."""
    general = consents.active_general(profile)
    employer_ids = consents.referred_employer_ids(profile)
    companies = db.session.scalars(select(Employer).where(Employer.id.in_(employer_ids))
                                   .order_by(Employer.name)).all()
    return {
        "general": [(purpose, general.get(purpose)) for purpose in consents.GENERAL_PURPOSES],
        "companies": [(e, consents.active_for_employer(profile, e.id)) for e in companies],
        "history": consents.history(profile),
        "shared_fields": consents.SHARED_WITH_EMPLOYER,
    }
