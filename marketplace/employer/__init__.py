"""The employer's pages, and the pages of a company other people see (a position's public face,
joining a company with an invitation code, the incentives page)."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("employer", __name__)
guard_role(bp, "employer")

from . import company, views  # noqa: E402,F401
from .public import bp as public_bp  # noqa: E402,F401
