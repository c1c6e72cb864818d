"""The company's profile and its logins."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..extensions import db
from ..models import EmployerInvitation, User
from ..services import employers, members
from ..services.employers import EmployerError
from . import bp
from .forms import ActionForm, CompanyForm, InviteForm
from .views import own_employer_or_404


@bp.route("/company", methods=["GET", "POST"])
def company():
    """Everyone in the company sees the profile; the account holder edits it."""
    employer = own_employer_or_404()
    owner = employers.is_owner(current_user, employer)
    form = CompanyForm(obj=employer, employer_id=employer.id,
                       data={"province": employer.province_code, "ward": employer.ward_code})
    if request.method == "POST" and not owner:
        abort(403)
    if "refresh" not in request.form and form.validate_on_submit():
        try:
            again = employers.update_profile(current_user, employer, form.profile())
        except EmployerError as error:
            db.session.rollback()
            form[error.field or "name"].errors = [error.message]
        else:
            db.session.commit()
            flash(_("The profile is saved. The programme verifies the company again before its "
                    "positions are shown.") if again else _("The profile is saved."), "success")
            return redirect(url_for("employer.company"))
    return render_template("employer/company.html", employer=employer, form=form, owner=owner)


@bp.get("/members")
def members_page():
    employer = own_employer_or_404()
    return render_template("employer/members.html", employer=employer, form=InviteForm(),
                           action=ActionForm(), invitations=members.pending(employer),
                           owner=employers.is_owner(current_user, employer), code=None)


@bp.post("/members/invite")
def invite():
    employer = own_employer_or_404()
    form = InviteForm()
    code = None
    if form.validate_on_submit():
        try:
            _invitation, code = members.invite(current_user, employer, form.login.data)
        except EmployerError as error:
            db.session.rollback()
            form.login.errors = [error.message]
        else:
            db.session.commit()
    # The code is shown this once, on this response, and never stored: no redirect here.
    return render_template("employer/members.html", employer=employer, form=form, action=ActionForm(),
                           invitations=members.pending(employer), code=code, invited=form.login.data,
                           owner=employers.is_owner(current_user, employer))


@bp.post("/members/<int:user_id>/remove")
def remove_member(user_id: int):
    employer = own_employer_or_404()
    member = db.session.get(User, user_id)
    if member is None or member.membership is None or member.membership.employer_id != employer.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            members.remove(current_user, employer, member)
        except EmployerError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            audit.record("member_remove", "user", member.id, purpose="administration")
            db.session.commit()
            flash(_("%(name)s no longer has access to the company.", name=member.full_name), "success")
    return redirect(url_for("employer.members_page"))


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(invitation_id: int):
    employer = own_employer_or_404()
    invitation = db.session.get(EmployerInvitation, invitation_id)
    if invitation is None or invitation.employer_id != employer.id:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            members.revoke(current_user, invitation)
        except EmployerError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The invitation is cancelled."), "success")
    return redirect(url_for("employer.members_page"))
