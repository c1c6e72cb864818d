"""The company's dashboard, its positions and the people referred to them."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, clock
from ..labels import coded
from ..auth import get_own_position_or_404
from ..database import commit_before_render
from ..extensions import db
from ..models import Employer, Position
from ..scopes import positions_of_employer
from ..services import company_referrals, positions
from ..services.positions import PositionError
from . import bp
from .forms import ActionForm, PositionForm


def own_employer_or_404() -> Employer:
    if current_user.membership is None:
        abort(404)
    return current_user.membership.employer


@bp.get("/")
def home():
    """The first screen: open positions, and each figure linking to its list."""
    employer = current_user.membership.employer if current_user.membership else None
    board = company_referrals.dashboard(current_user) if employer else None
    return render_template("employer/home.html", employer=employer, board=board)


@bp.get("/positions")
def positions_list():
    employer = own_employer_or_404()
    query = positions_of_employer(current_user).order_by(Position.id.desc())
    shown = request.args.get("show")
    if shown == "open":
        query = company_referrals.open_positions(current_user)
    items = db.session.scalars(query).all()
    return render_template("employer/positions.html", employer=employer, positions=items, shown=shown,
                           shown_status=positions.shown_status)


@bp.route("/positions/new", methods=["GET", "POST"])
def new_position():
    employer = own_employer_or_404()
    form = PositionForm(employer=employer, data={"province": employer.province_code,
                                                 "ward": employer.ward_code, "seats": 1})
    if "refresh" not in request.form and form.validate_on_submit():
        position = positions.create(current_user, employer, form.data_of())
        db.session.commit()
        flash(_("The position is saved as a draft. Publish it when it is ready."), "success")
        return redirect(url_for("employer.position", position_id=position.id))
    return render_template("employer/position_form.html", form=form, position=None)


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
def edit_position(position_id: int):
    position = get_own_position_or_404(position_id)
    data = positions.PositionData.of(position)
    form = PositionForm(employer=position.employer, position=position,
                        data={**vars(data), "province": data.province_code, "ward": data.ward_code})
    if request.method == "GET":
        form.fill(data)
    if "refresh" not in request.form and form.validate_on_submit():
        try:
            positions.update_position(current_user, position, form.data_of())
        except PositionError as error:
            for name, message in error.errors.items():
                form[name].errors = [message]
        else:
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("employer.position", position_id=position.id))
    return render_template("employer/position_form.html", form=form, position=position)


@bp.post("/positions/<int:position_id>/<action>")
def position_action(position_id: int, action: str):
    position = get_own_position_or_404(position_id)
    if action not in positions.ACTIONS and action != "duplicate":
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if action == "duplicate":
            copy = positions.duplicate(current_user, position)
            db.session.commit()
            flash(_("A copy is saved as a draft: check its dates and publish it."), "success")
            return redirect(url_for("employer.edit_position", position_id=copy.id))
        positions.change_status(current_user, position, action)
    except PositionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The position is now: %(status)s.", status=coded("position_status", position.status)),
              "success")
    return redirect(url_for("employer.position", position_id=position.id))


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    """One position: its figures, its actions and the people referred to it."""
    position = get_own_position_or_404(position_id)
    referred = company_referrals.referred_to(current_user, position)
    if any(r.view.offence_category for r in referred):
        # The person consented to share their offence category with this company; still a view
        # of sensitive data, recorded before the page renders [SECURITY 20].
        audit.record("employer_view_referrals", "position", position.id, categories=("conviction",),
                     purpose="recruitment")
        commit_before_render()
    return render_template("employer/position.html", position=position, referred=referred,
                           checks=company_referrals.due_checks_of(position), action=ActionForm(),
                           shown_status=positions.shown_status(position), today=clock.today(),
                           in_progress=company_referrals.open_referral_counts([position.id]).get(position.id, 0))


@bp.get("/referrals/<which>")
def referral_list(which: str):
    """The list behind each figure of the dashboard."""
    own_employer_or_404()
    if which not in company_referrals.LISTS:
        abort(404)
    return render_template("employer/referrals.html", which=which,
                           rows=company_referrals.rows(current_user, which))
