"""The programme report and the exports: caseworkers (their communes) and admins."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("reports", __name__)
guard_role(bp, "caseworker", "admin")

from . import views  # noqa: E402,F401
