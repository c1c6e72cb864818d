from flask import abort, current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth import candidates_in_care, get_candidate_in_care_or_404
from ..extensions import db
from ..models import CandidateProfile, Position
from ..models.candidates import SENSITIVE_FIELDS
from ..services import exposure, ranking
from ..services.referral_states import open_referral_counts
from . import bp, pipeline
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


@bp.get("/candidates/<id:candidate_id>")
def candidate(candidate_id: int):
    profile = get_candidate_in_care_or_404(candidate_id)
    # Written before the page renders: a view of sensitive data always leaves a trace.
    audit.record("view_candidate", "candidate", profile.id,
                 categories=tuple(SENSITIVE_FIELDS), purpose="case_management")
    suggestions = ranking.suggestions_for(profile)
    exposure.record_positions(current_user, "caseworker_record", profile.id, suggestions)
    db.session.commit()
    return render_template("caseworker/candidate.html", profile=profile, suggestions=suggestions,
                           referrals=pipeline.referrals_of(profile.id),
                           in_progress=open_referral_counts([s.position.id for s in suggestions]))


@bp.get("/positions")
def positions():
    """Open positions in the provinces of this caseworker's communes."""
    provinces = {a.province_code for a in current_user.caseworker.areas}
    query = ranking.open_positions_query().where(Position.province_code.in_(provinces)).order_by(Position.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("caseworker/positions.html", page=page)


@bp.get("/positions/<id:position_id>")
def position(position_id: int):
    """Who in this caseworker's caseload fits a position best, with reasons."""
    found = db.session.scalar(ranking.open_positions_query().where(Position.id == position_id))
    if found is None:
        abort(404)
    ranked = ranking.candidates_for(found, candidates_in_care(current_user))
    exposure.record_candidates(current_user, "position_candidates", found.id, ranked)
    db.session.commit()
    return render_template("caseworker/position.html", position=found, ranked=ranked,
                           in_progress=open_referral_counts([found.id]).get(found.id, 0))


