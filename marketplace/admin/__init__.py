"""The admin's pages."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("admin", __name__)
guard_role(bp, "admin")

from . import employers, pipeline, views  # noqa: E402,F401
