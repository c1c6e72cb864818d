"""Jobs (suggestions), a position's page, "not for me", my referrals, and "Me"."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth import own_candidate_profile_or_404
from ..database import commit_before_render
from ..extensions import db
from ..models import Position, Referral
from ..services import consents, my_suggestions
from ..services.referral_states import open_referral_counts
from . import bp
from .forms import ActionForm


@bp.get("/")
def home():
    profile = own_candidate_profile_or_404()
    cards = my_suggestions.cards_for(current_user, profile)
    commit_before_render()  # the exposure log
    return render_template("candidate/home.html", profile=profile, cards=cards,
                           hidden=my_suggestions.hidden_count(profile),
                           in_progress=open_referral_counts([c.position.id for c in cards]),
                           in_care=consents.caseworkers_may_see(profile))


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    profile = own_candidate_profile_or_404()
    try:
        found = my_suggestions.position_for(profile, position_id)
    except my_suggestions.NotFound:
        abort(404)
    return render_template("candidate/position.html", position=found, profile=profile)


@bp.post("/positions/<int:position_id>/hide")
def hide(position_id: int):
    profile = own_candidate_profile_or_404()
    if ActionForm().validate_on_submit():
        try:
            my_suggestions.hide(current_user, profile, position_id)
        except my_suggestions.NotFound:
            abort(404)
        db.session.commit()
        flash(_("Hidden. We will not suggest it again."), "info")
    return redirect(url_for("candidate.home"))


@bp.post("/hidden/show")
def show_hidden():
    profile = own_candidate_profile_or_404()
    if ActionForm().validate_on_submit():
        shown = my_suggestions.show_hidden_again(current_user, profile)
        db.session.commit()
        flash(_("%(n)s hidden jobs can be suggested again.", n=shown), "info")
    return redirect(url_for("candidate.home"))


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
    return render_template("candidate/referrals.html", profile=profile, referrals=rows,
                           shared_fields=consents.SHARED_WITH_EMPLOYER)


@bp.get("/more")
def me():
    """"Me": language, password, consent centre, my data, log out."""
    return render_template("candidate/me.html", profile=own_candidate_profile_or_404())


@bp.app_template_filter("when")
def when(value) -> str:
    """A moment on the programme's clock, as people here write it: 18/09/2025 14:05."""
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""
