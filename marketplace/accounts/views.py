from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..auth import home_url_for, safe_next
from ..extensions import db
from ..i18n import select_locale
from ..security import client_ip
from ..services import accounts, sessions
from ..services.accounts import TooManyAttempts, login_taken
from . import bp
from .forms import EmployerRegisterForm, LoginForm, PasswordChangeForm, SessionEndForm


def _sign_in(user) -> None:
    # A fresh session at login, with a session row and token of its own: nothing an attacker
    # planted before survives, and no other device shares the token [SECURITY 5].
    session.clear()
    sessions.start(user, client_ip(), request.user_agent.string)
    audit.record("login", "user", user.id, actor=user)
    db.session.commit()
    login_user(user)
    session.permanent = True


def _too_many(template: str, **context):
    """A refused attempt: 429, with a message in the page's language."""
    flash(_("Too many attempts with this account from your device. Wait 15 minutes and try "
            "again, or ask your caseworker or the programme coordinator for help."), "error")
    return render_template(template, **context), 429


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.login.data, form.password.data, client_ip())
        except TooManyAttempts:
            audit.failed_login(form.login.data, refused=True)
            db.session.commit()
            return _too_many("accounts/login.html", form=form)
        if user is None:
            audit.failed_login(form.login.data)
            db.session.commit()
            flash(_("The login or the password is wrong."), "error")
            return render_template("accounts/login.html", form=form), 200
        _sign_in(user)
        return redirect(safe_next(request.args.get("next")) or home_url_for(user))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """This device only; "log out everywhere else" is on the sessions page."""
    if g.get("user_session_id"):
        sessions.end(current_user, g.user_session_id)
    audit.record("logout", "user", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.index"))


@bp.get("/account/sessions")
@login_required
def sessions_page():
    """The devices signed in to this account, with "log out this device"."""
    return render_template("accounts/sessions.html", rows=sessions.of_user(current_user),
                           current_id=g.get("user_session_id"), form=SessionEndForm())


@bp.post("/account/sessions/<id:session_id>/end")
@login_required
def end_session(session_id: int):
    if not SessionEndForm().validate_on_submit():
        abort(400)
    if session_id == g.get("user_session_id"):
        return logout()
    if not sessions.end(current_user, session_id):
        abort(404)
    audit.record("logout_device", "user", current_user.id)
    db.session.commit()
    flash(_("That device is logged out."), "success")
    return redirect(url_for("accounts.sessions_page"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    if not SessionEndForm().validate_on_submit():
        abort(400)
    ended = sessions.end_all(current_user, keep_id=g.get("user_session_id"))
    audit.record("logout_elsewhere", "user", current_user.id)
    db.session.commit()
    flash(_("Every other device is logged out (%(n)s).", n=ended), "success")
    return redirect(url_for("accounts.sessions_page"))


@bp.route("/register/employer", methods=["GET", "POST"])
def register_employer():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = EmployerRegisterForm()
    if "refresh" not in request.form and form.validate_on_submit():
        try:
            user = accounts.register_employer(
                form.full_name.data, form.login.data, form.password.data, form.company.data,
                form.sector.data, form.tax_code.data, form.province.data, form.ward.data,
                form.address_line.data or "", select_locale())
            db.session.commit()
        except IntegrityError:
            # The same sign-up sent twice at once: the other request made the account first.
            db.session.rollback()
            _taken(form)
            return render_template("accounts/register_employer.html", form=form)
        _sign_in(user)
        flash(_("Your company is registered. A programme coordinator will verify it soon."), "success")
        return redirect(url_for("employer.home"))
    return render_template("accounts/register_employer.html", form=form)


def _taken(form) -> None:
    if login_taken(form.login.data):
        form.login.errors = [_("This login already has an account. Log in instead.")]
    else:
        form.tax_code.errors = [_("This company is already registered. Ask its account holder to add you.")]


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ok = accounts.check_current_password(current_user, form.current.data, client_ip())
        except TooManyAttempts:
            audit.record("password_check_refused", "user", current_user.id, outcome="denied")
            db.session.commit()
            return _too_many("accounts/password.html", form=form)
        if not ok:
            audit.record("password_check_failed", "user", current_user.id, outcome="failure")
            db.session.commit()
            form.current.errors.append(_("The current password is wrong."))
        else:
            accounts.change_password(current_user, form.password.data)
            audit.record("password_change", "user", current_user.id)
            db.session.commit()
            _sign_in(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(home_url_for(current_user))
    return render_template("accounts/password.html", form=form)
