from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..auth import home_url_for, safe_next
from ..extensions import db
from ..i18n import select_locale
from ..passwords import verify_password
from ..security import client_ip
from ..services import accounts
from ..services.accounts import TooManyAttempts, login_taken
from . import bp
from .forms import EmployerRegisterForm, LoginForm, PasswordChangeForm


def _sign_in(user) -> None:
    # A fresh session at login: nothing an attacker planted before survives [SECURITY 5].
    session.clear()
    login_user(user)
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.login.data, form.password.data, client_ip())
        except TooManyAttempts:
            db.session.commit()
            abort(429)
        db.session.commit()
        if user is None:
            flash(_("The login or the password is wrong."), "error")
            return render_template("accounts/login.html", form=form), 200
        _sign_in(user)
        return redirect(safe_next(request.args.get("next")) or home_url_for(user))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.index"))


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
        ok, _rehash = verify_password(current_user.password_hash, form.current.data)
        if not ok:
            form.current.errors.append(_("The current password is wrong."))
        else:
            accounts.change_password(current_user, form.password.data)
            db.session.commit()
            _sign_in(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(home_url_for(current_user))
    return render_template("accounts/password.html", form=form)
