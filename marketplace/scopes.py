"""Who may see which rows, as queries: one helper per kind of record serves lists, searches,
counts, exports and single fetches alike [SECURITY 10]. Plain functions of a user, so services,
the pages, the API and the CLI share them."""
from __future__ import annotations

from sqlalchemy import Select, exists, false, select

from .models import CandidateProfile, CareTeamMember, Consent, Position, Referral, ReferralEvent, User

# Statuses a referral reaches only by being sent to the company.
SENT_STATUSES = ("sent", "interview", "hired", "left")


def candidates_in_care(user: User) -> Select:
    """The candidates a caseworker may see: those living in the communes they hold, and those whose
    care team they belong to (wherever the person lives)."""
    wards = [a.ward_code for a in user.caseworker.areas] if user.caseworker else []
    teams = select(CareTeamMember.candidate_id).where(CareTeamMember.user_id == user.id)
    return select(CandidateProfile).where(
        (CandidateProfile.ward_code.in_(wards) & shown_to_caseworkers()) | CandidateProfile.id.in_(teams))


def candidates_in_communes(user: User) -> Select:
    """A caseworker's people in the communes they hold, without the care-team people living
    elsewhere: what their reports count and their exports may contain."""
    wards = [a.ward_code for a in user.caseworker.areas] if user.caseworker else []
    return candidates_in_care(user).where(CandidateProfile.ward_code.in_(wards))


def shown_to_caseworkers():
    """A profile the person made themself is seen only while they agree ("profile" consent);
    one a caseworker made (claimed or not) is in care from the start."""
    agreed = select(Consent.candidate_id).where(
        Consent.purpose == "profile", Consent.employer_id.is_(None), Consent.withdrawn_at.is_(None))
    return CandidateProfile.self_registered.is_(False) | CandidateProfile.id.in_(agreed)


def name_contains(text: str):
    """Names containing the text as typed: % and _ are letters here, not wildcards, so a search for
    "%" does not list the whole caseload."""
    escaped = text.replace("\x00", "").strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return CandidateProfile.full_name.ilike(f"%{escaped}%", escape="\\")


def positions_of_employer(user: User) -> Select:
    employer_id = user.membership.employer_id if user.membership else -1
    return select(Position).where(Position.employer_id == employer_id)


def referrals_visible_to(user: User) -> Select:
    """Referrals a user may see and act on: their own, their caseload's, their company's; all for
    an admin."""
    query = select(Referral)
    if user.role == "admin":
        return query
    if user.role == "candidate":
        profile_id = user.candidate.id if user.candidate else -1
        return query.where(Referral.candidate_id == profile_id)
    if user.role == "caseworker":
        cared = candidates_in_care(user).with_only_columns(CandidateProfile.id)
        return query.where(Referral.candidate_id.in_(cared))
    if user.role == "employer":
        # A company sees a referral only once it was sent to it, never while it is prepared.
        employer_id = user.membership.employer_id if user.membership else -1
        was_sent = exists().where(ReferralEvent.referral_id == Referral.id, ReferralEvent.to_status == "sent")
        return query.join(Position, Position.id == Referral.position_id).where(
            Position.employer_id == employer_id,
            Referral.status.in_(SENT_STATUSES) | was_sent)
    return query.where(false())
