"""The caseworker's side of the pipeline: referrals by what they wait for, and the plan's
"propose these"."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth import candidates_in_care
from ..extensions import db
from ..locations import place_label
from ..models import CandidateProfile, Position, Referral, RetentionCheck
from ..referrals.forms import PlanFilterForm, ProposeManyForm
from ..scopes import referrals_visible_to
from ..services import ranking, referrals
from . import bp

# Each tab: its title and the statuses it lists (the checks tab lists due retention checks).
TABS = {
    "approve": (_l("To approve"), ("proposed",)),
    "send": (_l("To send"), ("approved",)),
    "employer": (_l("Waiting on the employer"), ("sent", "interview")),
    "checks": (_l("Hired — checks due"), ()),
}


@bp.get("/referrals", endpoint="referrals")
def referrals_page():
    tab = request.args.get("tab", "approve")
    if tab not in TABS:
        abort(404)
    scoped = referrals_visible_to(current_user)
    per_page = current_app.config["PAGE_SIZE"]
    if tab == "checks":
        query = referrals.due_checks(scoped).options(
            selectinload(RetentionCheck.referral).selectinload(Referral.candidate))
    else:
        query = (scoped.where(Referral.status.in_(TABS[tab][1])).order_by(Referral.updated_at)
                 .options(selectinload(Referral.candidate), selectinload(Referral.events),
                          selectinload(Referral.position).selectinload(Position.employer)))
    page = db.paginate(query, per_page=per_page, error_out=False, max_per_page=100)
    return render_template("caseworker/referrals.html", tabs=TABS, tab=tab, page=page)


def _scope() -> tuple[PlanFilterForm, object, int | None]:
    """The plan's filter (a commune of the caseworker's, one open position), from the query
    string or the posted form alike, and the caseload and position it narrows to."""
    form = PlanFilterForm(request.values, meta={"csrf": False})
    form.ward.choices = [("", _l("All my communes"))] + [
        (str(a.ward_code), place_label(a.province_code, a.ward_code)) for a in current_user.caseworker.areas]
    positions = db.session.scalars(ranking.open_positions_query().where(
        Position.province_code.in_(_provinces())).order_by(Position.title)).all()
    form.position.choices = [("", _l("All open positions"))] + [(str(p.id), f"{p.title} · {p.employer.name}")
                                                                 for p in positions]
    pool = candidates_in_care(current_user)
    if not form.validate():
        return form, pool, None
    if form.ward.data:
        pool = pool.where(CandidateProfile.ward_code == int(form.ward.data))
    return form, pool, int(form.position.data) if form.position.data else None


def _plan_form(proposal) -> ProposeManyForm:
    form = ProposeManyForm()
    form.pairs.choices = [(ProposeManyForm.key(s.profile.id, s.position.id), s.profile.full_name)
                          for s in proposal]
    return form


def _provinces() -> set[int]:
    return {a.province_code for a in current_user.caseworker.areas}


@bp.get("/plan")
def plan():
    """One proposed position per person in the caseload (or one commune, or for one position),
    never more people than seats."""
    scope, pool, position_id = _scope()
    proposal = ranking.plan_for(pool, _provinces(), position_id)
    form = _plan_form(proposal)
    form.pairs.data = [c for c, _label in form.pairs.choices]
    return render_template("caseworker/plan.html", proposal=proposal, form=form, scope=scope)


@bp.post("/plan")
def propose_plan():
    """Propose the ticked pairs. The choices are the plan as it stands now: a pair that no longer
    fits (a seat went meanwhile) is refused by the form, never proposed beyond the seats left."""
    scope, pool, position_id = _scope()
    back = url_for("caseworker.plan", ward=scope.ward.data or None, position=scope.position.data or None)
    proposal = ranking.plan_for(pool, _provinces(), position_id)
    form = _plan_form(proposal)
    if not form.validate():
        flash(_("The plan changed since you opened it, or nothing was ticked. Here it is again."), "error")
        return redirect(back)
    chosen = set(form.pairs.data)
    made = 0
    for seat in proposal:
        if ProposeManyForm.key(seat.profile.id, seat.position.id) in chosen:
            try:
                referrals.propose(current_user, seat.profile, seat.position)
                made += 1
            except referrals.ReferralError:
                db.session.rollback()
                flash(_("Nothing was proposed: a person or a position changed meanwhile. Here is "
                        "the plan again."), "error")
                return redirect(back)
    db.session.commit()
    flash(_("%(n)s referrals proposed. Approve them under Referrals.", n=made))
    return redirect(url_for("caseworker.referrals", tab="approve"))


def referrals_of(candidate_id: int) -> list[Referral]:
    """A person's referrals, newest first, for their record page."""
    return list(db.session.scalars(
        select(Referral).where(Referral.candidate_id == candidate_id)
        .order_by(Referral.updated_at.desc())
        .options(selectinload(Referral.events), selectinload(Referral.retention_checks),
                 selectinload(Referral.position).selectinload(Position.employer))))
