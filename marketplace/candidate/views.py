from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth import own_candidate_profile_or_404
from ..extensions import db
from ..models import Position, Referral
from ..services import exposure, ranking
from ..services.referral_states import open_referral_counts
from . import bp


@bp.get("/")
def home():
    profile = own_candidate_profile_or_404()
    suggestions = ranking.suggestions_for(profile)
    exposure.record_positions(current_user, "candidate_home", profile.id, suggestions)
    db.session.commit()
    return render_template("candidate/home.html", profile=profile, suggestions=suggestions,
                           in_progress=open_referral_counts([s.position.id for s in suggestions]))


@bp.get("/referrals")
def referrals():
    """Each referral as a step tracker, newest first."""
    profile = own_candidate_profile_or_404()
    rows = db.session.scalars(
        select(Referral).where(Referral.candidate_id == profile.id)
        .order_by(Referral.updated_at.desc())
        .options(selectinload(Referral.events),
                 selectinload(Referral.position).selectinload(Position.employer))
    ).all()
    return render_template("candidate/referrals.html", profile=profile, referrals=rows)
