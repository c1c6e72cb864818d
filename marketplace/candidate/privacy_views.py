"""Consent centre and "my data": what is shared, who looked, and asking for a correction."""
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import own_candidate_profile_or_404, safe_next
from ..extensions import db
from ..services import consents, my_data
from . import bp
from .forms import ConsentForm, DataRequestForm


@bp.get("/consents")
def consent_centre():
    profile = own_candidate_profile_or_404()
    return render_template("candidate/consents.html", profile=profile, **my_data.consent_overview(profile))


@bp.post("/consents")
def give_consent():
    profile = own_candidate_profile_or_404()
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            consents.give(current_user, profile, form.purpose.data, form.employer_id.data)
        except consents.ConsentError:
            abort(404)
        db.session.commit()
        flash(_("Saved. You can withdraw it at any time."), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("candidate.consent_centre"))


@bp.post("/consents/<int:consent_id>/withdraw")
def withdraw_consent(consent_id: int):
    profile = own_candidate_profile_or_404()
    try:
        consents.withdraw_own(profile, consent_id)
    except consents.ConsentError:
        abort(404)
    db.session.commit()
    flash(_("Withdrawn. It takes effect now."), "success")
    return redirect(url_for("candidate.consent_centre"))


@bp.route("/data", methods=["GET", "POST"])
def my_data_page():
    profile = own_candidate_profile_or_404()
    form = DataRequestForm()
    if form.validate_on_submit():
        my_data.request_change(current_user, profile, form.kind.data, form.body.data)
        db.session.commit()
        flash(_("Sent. Your caseworker will contact you."), "success")
        return redirect(url_for("candidate.my_data_page"))
    return render_template("candidate/data.html", profile=profile, form=form,
                           views=my_data.views_of(profile), in_care=consents.caseworkers_may_see(profile))


@bp.get("/data.json")
def my_data_download():
    profile = own_candidate_profile_or_404()
    body = json.dumps(my_data.export(profile), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="loi-ve-my-data.json"'})
