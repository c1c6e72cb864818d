"""Each action: validate its form, call the pipeline service once, say what happened, go back."""
from __future__ import annotations

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import get_referral_or_404, home_url_for, safe_next
from ..database import commit_with_retries
from ..extensions import db
from ..labels import coded
from ..models import CandidateProfile, Position
from ..services import consents, referrals
from ..services.referrals import ReferralError, StepInput
from . import bp
from .forms import PaperConsentForm, ProposeForm, RetentionForm, StepForm

def _back(form):
    return redirect(safe_next(form.next.data) or home_url_for(current_user))


def _refused(error: ReferralError, form):
    db.session.rollback()
    if isinstance(error, referrals.NotFound):
        abort(404)
    flash(str(error.message), "error")
    return _back(form)


def _invalid(form):
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")
    return _back(form)


@bp.post("/propose")
def propose():
    form = ProposeForm()
    if not form.validate():
        return _invalid(form)
    candidate = db.session.get(CandidateProfile, form.candidate_id.data)
    position = db.session.get(Position, form.position_id.data)
    if candidate is None or position is None:
        abort(404)
    try:
        referrals.propose(current_user, candidate, position, form.note.data or "")
    except referrals.Duplicate:
        db.session.rollback()
        flash(_("This referral already exists: nothing more to do."), "info")
        return _back(form)
    except ReferralError as error:
        return _refused(error, form)
    db.session.commit()
    flash(_("Done: your caseworker will look at it.") if current_user.role == "candidate"
          else _("Referral proposed."))
    return _back(form)


@bp.post("/<id:referral_id>/step")
def step(referral_id: int):
    referral = get_referral_or_404(referral_id)
    form = StepForm()
    if not form.validate():
        return _invalid(form)
    data = StepInput(reason=form.reason.data or None, on=form.on.data, note=form.note.data or "")
    try:
        # A hire touches the position and the person's other referrals: retried if it deadlocks.
        commit_with_retries(lambda: referrals.transition(current_user, referral, form.to.data, data))
    except ReferralError as error:
        return _refused(error, form)
    flash(_("Saved: %(status)s.", status=coded("referral_status", form.to.data)))
    return _back(form)


@bp.post("/<id:referral_id>/retention")
def retention(referral_id: int):
    referral = get_referral_or_404(referral_id)
    form = RetentionForm()
    if not form.validate():
        return _invalid(form)
    data = StepInput(reason=form.reason.data or None, on=form.on.data)
    try:
        commit_with_retries(lambda: referrals.record_retention(
            current_user, referral, form.day.data, form.retained.data == "yes", data))
    except ReferralError as error:
        return _refused(error, form)
    flash(_("Thank you: the answer is recorded."))
    return _back(form)


@bp.post("/<id:referral_id>/consent")
def paper_consent(referral_id: int):
    """A caseworker records the person's signed paper consent to share with this company."""
    referral = get_referral_or_404(referral_id)
    if current_user.role != "caseworker":
        abort(403)
    form = PaperConsentForm()
    if not form.validate():
        return _invalid(form)
    consents.record(current_user, referral.candidate, "employer", referral.position.employer_id,
                    reference=form.reference.data)
    db.session.commit()
    flash(_("Consent recorded. You can now send the referral."))
    return _back(form)
