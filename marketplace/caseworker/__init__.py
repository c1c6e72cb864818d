"""The caseworker's pages."""
from flask import Blueprint

from ..auth import guard_role

bp = Blueprint("caseworker", __name__)
guard_role(bp, "caseworker")

from . import entries, pipeline, views  # noqa: E402,F401
