from flask import current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth import candidates_in_care, get_candidate_in_care_or_404
from ..extensions import db
from ..models import CandidateProfile
from ..models.candidates import ADDRESS_FIELDS, CONVICTION_FIELDS, HEALTH_FIELDS
from . import bp
from .forms import CaseloadSearchForm


@bp.get("/")
def home():
    """The caseload: everyone living in the communes this caseworker holds."""
    form = CaseloadSearchForm(request.args)
    query = candidates_in_care(current_user).order_by(CandidateProfile.full_name)
    if form.validate() and form.q.data:
        query = query.where(CandidateProfile.full_name.ilike(f"%{form.q.data.strip()}%"))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("caseworker/home.html", page=page, form=form)


@bp.get("/candidates/<int:candidate_id>")
def candidate(candidate_id: int):
    profile = get_candidate_in_care_or_404(candidate_id)
    # Written before the page renders: a view of sensitive data always leaves a trace.
    audit.record("view_candidate", "candidate", profile.id,
                 categories=("conviction", "health", "address"), purpose="case_management")
    db.session.commit()
    return render_template("caseworker/candidate.html", profile=profile,
                           sensitive_fields=CONVICTION_FIELDS + HEALTH_FIELDS + ADDRESS_FIELDS)
