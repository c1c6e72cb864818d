"""Who may see what: the login manager, the role guard and the scoped fetch helpers."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import Blueprint, Flask, abort, g, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .extensions import db, login_manager
from .models import CandidateProfile, Position, Referral, User
from .scopes import candidates_in_care, positions_of_employer, referrals_visible_to

HOME_ENDPOINTS = {
    "candidate": "candidate.home",
    "caseworker": "caseworker.home",
    "employer": "employer.home",
    "admin": "admin.home",
}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # "strong" would log phone users out whenever their mobile network changes address;
    # replay is stopped by the rotating session token instead.
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Ids are per-login session tokens: a logged-out, expired or idle session finds no one."""
    from .services import sessions

    found = sessions.resume(token)
    g.user_session_id = found[1].id if found else None
    db.session.commit()  # "last seen", or the end of an expired session, whatever the page does
    return found[0] if found else None


def home_url_for(user: User) -> str:
    return url_for(HOME_ENDPOINTS[user.role])


def guard_role(bp: Blueprint, *roles: str) -> None:
    """Every view of the blueprint needs a signed-in user with one of these roles."""

    @bp.before_request
    def _require_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None


def safe_next(target: str | None) -> str | None:
    """Only a same-site relative path is followed after login [SECURITY 15]."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    # No control characters, typed or percent-encoded: a CR/LF must never reach a Location header.
    if any(ord(c) < 32 or ord(c) == 127 for c in unquote(target)):
        return None
    return target


# --- scoped fetches: another commune's or another owner's record is a 404 [SECURITY 10] -------

def out_of_scope(subject_type: str, subject_id: int, actor=None) -> None:
    """Leave a trace of a request for a record outside the user's scope [SECURITY 20]; the caller
    answers 404. Whatever the request had done so far is dropped: it gets nothing."""
    from . import audit
    from .converters import MAX_ID

    db.session.rollback()
    audit.record("out_of_scope", subject_type, subject_id if 0 < subject_id <= MAX_ID else None,
                 outcome="denied", actor=actor)
    db.session.commit()


def get_candidate_in_care_or_404(candidate_id: int) -> CandidateProfile:
    found = db.session.scalar(
        candidates_in_care(current_user).where(CandidateProfile.id == candidate_id)
    )
    if found is None:
        out_of_scope("candidate", candidate_id)
        abort(404)
    return found


def get_own_position_or_404(position_id: int) -> Position:
    found = db.session.scalar(positions_of_employer(current_user).where(Position.id == position_id))
    if found is None:
        out_of_scope("position", position_id)
        abort(404)
    return found


def get_referral_or_404(referral_id: int) -> Referral:
    found = db.session.scalar(referrals_visible_to(current_user).where(Referral.id == referral_id))
    if found is None:
        out_of_scope("referral", referral_id)
        abort(404)
    return found


def own_candidate_profile_or_404() -> CandidateProfile:
    if current_user.candidate is None:
        abort(404)
    return current_user.candidate
