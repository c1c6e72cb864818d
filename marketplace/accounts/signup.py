"""A person signs up with a code sent by SMS, or claims the profile a caseworker made."""
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import home_url_for
from ..extensions import db
from ..i18n import select_locale
from ..models import OneTimeCode
from ..security import client_ip
from ..services import claims, signup
from . import bp
from .dev import outbox_page_allowed
from .forms import CandidateRegisterForm, ClaimForm, SignupCodeForm
from .views import _sign_in

SESSION_KEY = "signup_code_id"


@bp.route("/register", methods=["GET", "POST"])
def register():
    """The same answer whether or not the number has an account: "we sent a code"."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = CandidateRegisterForm()
    if "refresh" not in request.form and form.validate_on_submit():
        details = signup.Details(form.full_name.data, form.phone.data, form.password.data,
                                 form.province.data, form.ward.data, select_locale())
        try:
            row = signup.start(details, client_ip())
        except signup.SignupError as error:
            flash(str(error.message), "error")
            return render_template("accounts/register.html", form=form), 429
        db.session.commit()
        session[SESSION_KEY] = row.id
        return redirect(url_for("accounts.signup_code"))
    return render_template("accounts/register.html", form=form)


def _pending() -> OneTimeCode | None:
    code_id = session.get(SESSION_KEY)
    return db.session.get(OneTimeCode, code_id) if isinstance(code_id, int) else None


@bp.route("/register/code", methods=["GET", "POST"])
def signup_code():
    row = _pending()
    if row is None:
        return redirect(url_for("accounts.register"))
    form = SignupCodeForm()
    if form.validate_on_submit():
        try:
            user = signup.complete(row, form.code.data)
        except signup.SignupError as error:
            db.session.commit()  # the wrong try counts
            form.code.errors.append(_describe(error))
            return _code_page(form, row), 200
        db.session.commit()
        session.pop(SESSION_KEY, None)
        _sign_in(user)
        flash(_("Welcome! Your profile is private until you choose to share it."), "success")
        return redirect(url_for("candidate.home"))
    return _code_page(form, row)


def _code_page(form, row: OneTimeCode):
    return render_template("accounts/signup_code.html", form=form, phone=row.phone,
                           outbox_link=outbox_page_allowed())


def _describe(error: signup.SignupError) -> str:
    left = error.details.get("tries_left")
    if left is not None:
        return _("%(message)s Tries left: %(n)s.", message=error.message, n=left)
    return str(error.message)


@bp.post("/register/code/new")
def signup_resend():
    row = _pending()
    if row is None:
        return redirect(url_for("accounts.register"))
    try:
        fresh = signup.resend(row, client_ip())
    except signup.SignupError as error:
        flash(str(error.message), "error")
        return redirect(url_for("accounts.signup_code"))
    db.session.commit()
    session[SESSION_KEY] = fresh.id
    flash(_("We sent a new code. The earlier one no longer works."), "info")
    return redirect(url_for("accounts.signup_code"))


@bp.route("/claim", methods=["GET", "POST"])
def claim():
    """The slip from a caseworker: phone + code + a new password, and the profile is theirs."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            user = claims.claim(form.phone.data, form.code.data, form.password.data, client_ip(),
                                select_locale())
        except claims.ClaimError as error:
            db.session.rollback()  # nothing of a failed claim is kept; the try is counted already
            form.code.errors.append(str(error.message))
            status = 429 if isinstance(error, claims.TooManyTries) else 200
            return render_template("accounts/claim.html", form=form), status
        db.session.commit()
        _sign_in(user)
        flash(_("Your profile is yours now. Check it, and choose what you share."), "success")
        return redirect(url_for("candidate.home"))
    return render_template("accounts/claim.html", form=form)
