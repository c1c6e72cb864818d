from flask import abort, current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth import candidates_in_care, get_candidate_in_care_or_404
from ..extensions import db
from ..models import CandidateProfile, Position
from ..models.candidates import SENSITIVE_FIELDS
from ..services import ranking
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
                 categories=tuple(SENSITIVE_FIELDS), purpose="case_management")
    db.session.commit()
    return render_template("caseworker/candidate.html", profile=profile,
                           suggestions=ranking.suggestions_for(profile))


@bp.get("/positions")
def positions():
    """Open positions in the provinces of this caseworker's communes."""
    provinces = {a.province_code for a in current_user.caseworker.areas}
    query = ranking.open_positions_query().where(Position.province_code.in_(provinces)).order_by(Position.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("caseworker/positions.html", page=page)


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    """Who in this caseworker's caseload fits a position best, with reasons."""
    found = db.session.scalar(ranking.open_positions_query().where(Position.id == position_id))
    if found is None:
        abort(404)
    ranked = ranking.candidates_for(found, candidates_in_care(current_user))
    return render_template("caseworker/position.html", position=found, ranked=ranked)


@bp.get("/plan")
def plan():
    """One proposed position per person in the caseload, never more people than seats."""
    provinces = {a.province_code for a in current_user.caseworker.areas}
    proposal = ranking.plan_for(candidates_in_care(current_user), provinces)
    return render_template("caseworker/plan.html", proposal=proposal)
