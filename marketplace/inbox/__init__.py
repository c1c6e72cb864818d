"""Everyone's notifications: what happened to the referrals and people they follow."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("inbox", __name__)
guard_role(bp, "candidate", "caseworker", "employer", "admin")

from . import views  # noqa: E402,F401
