"""The pipeline's actions, shared by every role: each posts to the referral service, which decides
who may do what; the pages where people already are show the buttons."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("referrals", __name__)
guard_role(bp, "candidate", "caseworker", "employer", "admin")

from . import views  # noqa: E402,F401
