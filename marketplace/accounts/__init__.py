"""Sign in, sign out, registration and one's own account."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import dev, signup, views  # noqa: E402,F401
