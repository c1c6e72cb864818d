"""The person's profile: what they keep themself, and the legal section they can only read."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import own_candidate_profile_or_404
from ..extensions import db
from ..services import candidate_profile
from . import bp
from .forms import ProfileForm, skill_groups


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    own = own_candidate_profile_or_404()
    form = ProfileForm(obj=own, province=own.province_code, ward=own.ward_code)
    if "refresh" not in request.form and form.validate_on_submit():
        candidate_profile.update(current_user, own, form.values())
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("candidate.profile"))
    return render_template("candidate/profile.html", form=form, profile=own, groups=skill_groups(form),
                           legal_use=candidate_profile.LEGAL_USE)
