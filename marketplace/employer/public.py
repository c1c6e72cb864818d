"""A company's pages seen by others: a position's public face (every signed-in role links to it),
joining a company with an invitation code, and the incentives page."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth import home_url_for
from ..extensions import db
from ..i18n import select_locale
from ..models import Position, Referral
from ..scopes import referrals_visible_to
from ..security import client_ip
from ..services import members, positions, ranking, texts
from ..services.accounts import TooManyAttempts
from ..services.employers import EmployerError
from ..services.referral_states import open_referral_counts
from .forms import JoinForm

bp = Blueprint("employer_public", __name__)

# Who may read a position's excluded offence categories and their reasons: never the candidate.
SEES_EXCLUSIONS = ("caseworker", "admin", "employer")


def _visible_position_or_404(position_id: int) -> Position:
    """Open positions for everyone signed in; others for the company's members, the admin, and
    people with a referral to it (the person, their caseworker)."""
    position = db.session.get(Position, position_id)
    if position is None:
        abort(404)
    if current_user.role == "admin":
        return position
    if current_user.membership is not None and current_user.membership.employer_id == position.employer_id:
        return position
    suggestible = db.session.scalar(ranking.open_positions_query().where(Position.id == position_id)
                                    .with_only_columns(Position.id))
    referred = db.session.scalar(referrals_visible_to(current_user)
                                 .where(Referral.position_id == position_id).with_only_columns(Referral.id))
    if suggestible is None and referred is None:
        abort(404)
    return position


@bp.get("/positions/<int:position_id>")
@login_required
def position(position_id: int):
    found = _visible_position_or_404(position_id)
    own = current_user.membership is not None and current_user.membership.employer_id == found.employer_id
    sees_exclusions = current_user.role in SEES_EXCLUSIONS and (current_user.role != "employer" or own)
    leads_from = [p for p in found.trained_by if p.status != "draft"]
    return render_template("employer/position_public.html", position=found, own=own,
                           sees_exclusions=sees_exclusions, leads_from=leads_from,
                           status=positions.shown_status(found),
                           in_progress=open_referral_counts([found.id]).get(found.id, 0))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """The invited person sets their name and password with the code the company gave them."""
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = JoinForm()
    if form.validate_on_submit():
        try:
            user = members.accept(form.login.data, form.code.data, form.full_name.data,
                                  form.password.data, client_ip(), select_locale())
        except TooManyAttempts:
            abort(429)
        except EmployerError as error:
            db.session.rollback()  # nothing of a refused code is kept; the try is counted already
            form.code.errors = [error.message]
        else:
            db.session.commit()
            flash(_("Welcome to %(company)s. Log in with your phone or e-mail and new password.",
                    company=user.membership.employer.name), "success")
            return redirect(url_for("accounts.login"))
    return render_template("employer/join.html", form=form)


@bp.get("/incentives")
def incentives():
    """What the programme offers companies that hire; written by the programme's admin."""
    return render_template("employer/incentives.html", text=texts.get(texts.INCENTIVES))
