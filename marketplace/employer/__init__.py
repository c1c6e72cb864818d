"""The employer's pages."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("employer", __name__)
guard_role(bp, "employer")

from . import views  # noqa: E402,F401
