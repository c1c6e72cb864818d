"""The programme's decisions about companies: verify, refuse, suspend, reinstate.

An admin decides for every company; a caseworker for the companies in the provinces of the
communes they hold (another province's company is a 404). Each decision is recorded (who, when,
why) and audited.
"""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from .. import audit
from ..auth import guard_role
from ..labels import coded
from ..extensions import db
from ..fields import BaseForm
from ..models import Employer
from ..services import employers
from ..services.employers import STATE_FILTERS, EmployerError

bp = Blueprint("verification", __name__)
guard_role(bp, "admin", "caseworker")

DECISIONS = {
    "verify": employers.verify,
    "refuse": employers.refuse,
    "suspend": employers.suspend,
    "reinstate": employers.reinstate,
}


class DecisionForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)],
                           description=_l("Needed to refuse or suspend; the company reads it."))
    submit = SubmitField(_l("Confirm"))


def _decidable_or_404(employer_id: int) -> Employer:
    found = db.session.scalar(employers.decidable_by(current_user).where(Employer.id == employer_id))
    if found is None:
        abort(404)
    return found


@bp.get("/")
def companies():
    state = request.args.get("state", "awaiting")
    if state not in STATE_FILTERS:
        state = "awaiting"
    query = employers.decidable_by(current_user).where(STATE_FILTERS[state]).order_by(Employer.created_at)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/verification.html", page=page, state=state, states=tuple(STATE_FILTERS))


@bp.get("/<int:employer_id>")
def company(employer_id: int):
    employer = _decidable_or_404(employer_id)
    return render_template("admin/verification_company.html", employer=employer, form=DecisionForm(),
                           history=employers.history(employer))


@bp.post("/<int:employer_id>/<decision>")
def decide(employer_id: int, decision: str):
    employer = _decidable_or_404(employer_id)
    if decision not in DECISIONS:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if decision == "verify":
            employers.verify(current_user, employer)
        else:
            DECISIONS[decision](current_user, employer, form.reason.data or "")
    except EmployerError as error:
        db.session.rollback()
        form.reason.errors = [error.message]
        return render_template("admin/verification_company.html", employer=employer, form=form,
                               history=employers.history(employer)), 200
    audit.record(f"employer_{decision}", "employer", employer.id, purpose="verification")
    db.session.commit()
    flash(_("%(name)s: %(state)s.", name=employer.name, state=coded("employer_state", employer.state)),
          "success")
    return redirect(url_for("verification.company", employer_id=employer.id))
