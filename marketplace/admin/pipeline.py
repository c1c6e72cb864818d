"""The programme's view of every referral: an admin sees all and may withdraw one."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Position, Referral
from ..models.referrals import REFERRAL_STATUSES
from . import bp


@bp.get("/referrals")
def referrals():
    status = request.args.get("status") or None
    if status is not None and status not in REFERRAL_STATUSES:
        abort(404)
    query = select(Referral).order_by(Referral.updated_at.desc()).options(
        selectinload(Referral.candidate), selectinload(Referral.events),
        selectinload(Referral.position).selectinload(Position.employer))
    if status:
        query = query.where(Referral.status == status)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False, max_per_page=100)
    return render_template("admin/referrals.html", page=page, status=status, statuses=REFERRAL_STATUSES)
