from flask import render_template
from sqlalchemy import select

from ..auth import own_candidate_profile_or_404
from ..extensions import db
from ..models import Referral
from ..services import ranking
from . import bp


@bp.get("/")
def home():
    profile = own_candidate_profile_or_404()
    referrals = db.session.scalars(
        select(Referral).where(Referral.candidate_id == profile.id).order_by(Referral.updated_at.desc())
    ).all()
    return render_template("candidate/home.html", profile=profile, referrals=referrals,
                           suggestions=ranking.suggestions_for(profile))
