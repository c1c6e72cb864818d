from flask import abort, current_app, render_template, request
from flask_login import current_user

from .. import audit
from ..auth import candidates_in_care
from ..database import commit_before_render
from ..scopes import name_contains
from ..extensions import db
from ..models import CandidateProfile, Position
from ..services import exposure, ranking, today
from ..services.referral_states import open_referral_counts
from . import bp
from .forms import CaseloadSearchForm


@bp.get("/")
def home():
    """Today's panel (what needs doing, as counts) and the caseload below, filtered by them."""
    form = CaseloadSearchForm(request.args)
    pool = candidates_in_care(current_user)
    query = pool.order_by(CandidateProfile.full_name)
    if form.validate():
        if form.q.data:
            query = query.where(name_contains(form.q.data))
        # Optional() lets a blank-looking value ("\r") past the choice check: look it up.
        if form.show.data in today.FILTERS:
            query = today.filtered(query, form.show.data)
            if today.FILTERS[form.show.data].sensitive:  # the list itself is conviction data
                audit.record("view_caseload", categories=("conviction",), purpose=form.show.data)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    commit_before_render()
    return render_template("caseworker/home.html", page=page, form=form,
                           counts=today.counts(pool), filters=today.FILTERS)


@bp.get("/positions")
def positions():
    """Open positions in the provinces of this caseworker's communes."""
    provinces = {a.province_code for a in current_user.caseworker.areas}
    query = ranking.open_positions_query().where(Position.province_code.in_(provinces)).order_by(Position.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("caseworker/positions.html", page=page)


@bp.get("/positions/<id:position_id>")
def position(position_id: int):
    """Who in this caseworker's caseload fits a position best, with reasons; a position outside
    their provinces is a 404, like the list."""
    provinces = {a.province_code for a in current_user.caseworker.areas}
    found = db.session.scalar(ranking.open_positions_query().where(
        Position.id == position_id, Position.province_code.in_(provinces)))
    if found is None:
        abort(404)
    ranked = ranking.candidates_for(found, candidates_in_care(current_user))
    exposure.record_candidates(current_user, "position_candidates", found.id, ranked)
    commit_before_render()
    return render_template("caseworker/position.html", position=found, ranked=ranked,
                           in_progress=open_referral_counts([found.id]).get(found.id, 0))


