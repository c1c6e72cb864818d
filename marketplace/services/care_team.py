"""The care team ("5+1") around a person: the lead caseworker, partners from other agencies who
use the product, and a family contact. A member who is a user sees the person even outside their
own communes (see scopes.candidates_in_care)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import CandidateProfile, CareTeamMember, User
from ..models.casework import MEMBER_KINDS
from .casework import CaseworkError

MAX_MEMBERS = 12


def members_of(profile: CandidateProfile) -> list[CareTeamMember]:
    return list(db.session.scalars(select(CareTeamMember).where(
        CareTeamMember.candidate_id == profile.id).order_by(CareTeamMember.kind, CareTeamMember.id)))


def _check_room(profile: CandidateProfile) -> None:
    if len(members_of(profile)) >= MAX_MEMBERS:
        raise CaseworkError(_l("A care team has at most %(n)s members.", n=MAX_MEMBERS))


def add_staff(actor: User, profile: CandidateProfile, member: User) -> CareTeamMember:
    """Add a caseworker of any agency (found by their login) to the person's team."""
    if member.role != "caseworker" or member.caseworker is None or not member.active:
        raise CaseworkError(_l("No active caseworker has this login."), field="login")
    if member.id == profile.caseworker_id:
        raise CaseworkError(_l("This caseworker already leads the team."), field="login")
    existing = db.session.scalar(select(CareTeamMember).where(
        CareTeamMember.candidate_id == profile.id, CareTeamMember.user_id == member.id))
    if existing is not None:
        return existing
    _check_room(profile)
    row = CareTeamMember(candidate_id=profile.id, user_id=member.id, kind=member.caseworker.agency,
                         added_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    return row


@dataclass(frozen=True)
class ContactInput:
    kind: str
    full_name: str
    relation: str = ""
    phone: str | None = None


def add_contact(actor: User, profile: CandidateProfile, data: ContactInput) -> CareTeamMember:
    """A member without an account: a family contact, or an officer who does not use the product."""
    if data.kind not in MEMBER_KINDS:
        raise CaseworkError(_l("Choose who this is from the list."), field="kind")
    if not data.full_name.strip():
        raise CaseworkError(_l("Enter the name."), field="full_name")
    _check_room(profile)
    row = CareTeamMember(candidate_id=profile.id, kind=data.kind, full_name=data.full_name.strip(),
                         relation=data.relation.strip(), phone=data.phone or None, added_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    return row


def remove(actor: User, member: CareTeamMember) -> None:
    db.session.delete(member)
    db.session.flush()
