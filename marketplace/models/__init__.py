"""The programme's data model; import models from here."""
from .audit import AuditEvent, LoginAttempt
from .candidates import (
    CandidateProfile, CaseNote, Consent, Milestone, SupportAction,
)
from .employers import Employer, Position
from .referrals import Referral, ReferralEvent, RetentionCheck
from .users import CaseworkerArea, CaseworkerProfile, EmployerMember, User

__all__ = [
    "AuditEvent", "CandidateProfile", "CaseNote", "CaseworkerArea", "CaseworkerProfile", "Consent",
    "Employer", "EmployerMember", "LoginAttempt", "Milestone", "Position", "Referral",
    "ReferralEvent", "RetentionCheck", "SupportAction", "User",
]
