"""The programme's data model; import models from here."""
from .activity import CaseTask, Exposure, Notification, OutboxMessage
from .api import ApiToken
from .audit import AuditEvent, LoginCounter
from .candidate_side import DataRequest, HiddenPosition, OneTimeCode
from .candidates import (
    CandidateProfile, CaseNote, Consent, Milestone, SupportAction,
)
from .casework import CareTeamMember
from .companies import EmployerDecision, EmployerInvitation
from .imports import CaseloadImport
from .employers import Employer, Position
from .referrals import Referral, ReferralEvent, RetentionCheck
from .texts import ProgrammeText
from .users import CaseworkerArea, CaseworkerProfile, EmployerMember, User, UserSession

__all__ = [
    "ApiToken", "AuditEvent", "CandidateProfile", "CaseloadImport", "CareTeamMember", "CaseNote", "CaseTask",
    "CaseworkerArea", "CaseworkerProfile", "Consent", "DataRequest", "Employer", "EmployerDecision",
    "EmployerInvitation", "EmployerMember", "Exposure", "HiddenPosition", "LoginCounter", "Milestone",
    "Notification", "OneTimeCode", "OutboxMessage", "Position", "ProgrammeText", "Referral",
    "ReferralEvent", "RetentionCheck", "SupportAction", "User", "UserSession",
]
