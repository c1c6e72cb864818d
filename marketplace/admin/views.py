from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import CandidateProfile, Employer, Position, Referral, User
from ..services import accounts, employers, imports, overview, ranking
from . import bp
from ..labels import agency_label
from .forms import AuditFilterForm, CaseworkerEditForm, CaseworkerForm, ConfirmForm


@bp.get("/")
def home():
    """The overview: totals, companies awaiting verification, each caseworker's load (pages), the
    ranking model in use and the last imports."""
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    figures = {
        "candidates": count(CandidateProfile),
        "employers": count(Employer),
        "positions": count(Position),
        "referrals": count(Referral),
    }
    waiting = db.session.scalars(
        select(Employer).where(employers.STATE_FILTERS["awaiting"]).order_by(Employer.created_at)
    ).all()
    staff = db.paginate(select(User).where(User.role == "caseworker", User.active.is_(True)).order_by(User.full_name),
                        per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/home.html", figures=figures, waiting=waiting, confirm=ConfirmForm(),
                           staff=staff, load=overview.caseworker_load([u.id for u in staff.items]),
                           model=ranking.model_info(), model_version=ranking.model_version(),
                           last_imports=imports.last_imports())


@bp.get("/caseworkers")
def caseworkers():
    query = select(User).where(User.role == "caseworker").order_by(User.full_name)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/caseworkers.html", page=page, agency_label=agency_label)


@bp.route("/caseworkers/new", methods=["GET", "POST"])
def new_caseworker():
    form = CaseworkerForm()
    if "refresh" not in request.form and form.validate_on_submit():
        areas = [accounts.Area(form.province.data, code) for code in form.wards.data]
        accounts.create_caseworker(form.full_name.data, form.login.data, form.password.data,
                                   form.agency.data, form.title.data or "", areas)
        db.session.commit()
        flash(_("The caseworker account is created."), "success")
        return redirect(url_for("admin.caseworkers"))
    return render_template("admin/caseworker_new.html", form=form)


@bp.route("/caseworkers/<int:user_id>", methods=["GET", "POST"])
def edit_caseworker(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.caseworker is None:
        abort(404)
    areas = user.caseworker.areas
    form = CaseworkerEditForm(data={
        "province": areas[0].province_code if areas else None,
        "wards": [a.ward_code for a in areas],
        "agency": user.caseworker.agency,
        "active": user.active,
    })
    if "refresh" not in request.form and form.validate_on_submit():
        before = (user.caseworker.ward_codes, user.active)
        accounts.set_areas(user.caseworker, [accounts.Area(form.province.data, c) for c in form.wards.data])
        user.caseworker.agency = form.agency.data or user.caseworker.agency
        accounts.set_active(user, form.active.data)
        _audit_account_changes(user, *before)
        db.session.commit()
        flash(_("The changes to %(name)s are saved.", name=user.full_name), "success")
        return redirect(url_for("admin.caseworkers"))
    return render_template("admin/caseworker_edit.html", form=form, user=user)


def _audit_account_changes(user: User, wards_before: set[int], active_before: bool) -> None:
    if user.caseworker.ward_codes != wards_before:
        audit.record("caseworker_reassign", "user", user.id, purpose="administration")
    if user.active != active_before:
        audit.record("user_activate" if user.active else "user_deactivate", "user", user.id,
                     purpose="administration")


@bp.post("/employers/<int:employer_id>/verify")
def verify_employer(employer_id: int):
    employer = db.get_or_404(Employer, employer_id)
    if ConfirmForm().validate_on_submit() and not employer.verified:
        employers.verify(current_user, employer)
        audit.record("employer_verify", "employer", employer.id, purpose="verification")
        db.session.commit()
        flash(_("%(name)s is verified.", name=employer.name), "success")
    return redirect(url_for("admin.home"))


@bp.get("/audit")
def audit_log():
    """Who saw or changed what: filtered by person, user, action and date, newest first."""
    form = AuditFilterForm(request.args, actions=audit.actions())
    filters = {}
    if form.validate():
        filters = {k: form[k].data for k in ("person", "user", "action", "since", "until")}
    page = db.paginate(audit.search(**filters), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_({e.user_id for e in page.items if e.user_id})))}
    # Reading the trail is itself recorded, before the page renders.
    audit.record("view_audit_log", purpose="oversight")
    db.session.commit()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("admin/audit.html", form=form, page=page, users=users, args=args)


@bp.get("/model")
def model():
    """The ranking model in use: when it was trained, on how much, how well it ranks, how fairly."""
    return render_template("admin/model.html", info=ranking.model_info(), versions=ranking.model_files())
