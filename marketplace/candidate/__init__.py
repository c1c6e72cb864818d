"""The candidate's pages."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("candidate", __name__)
guard_role(bp, "candidate")

from . import privacy_views, profile_views, views  # noqa: E402,F401
