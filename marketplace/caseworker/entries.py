"""The record's tabs and what a caseworker writes on them: notes, support, legal status,
milestones, the care team, profiles made on behalf and claim codes."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..auth import get_candidate_in_care_or_404
from ..extensions import db
from ..models import CareTeamMember, CaseNote, CaseTask, Consent, SupportAction
from ..services import accounts, care_team, casework, consents, legal
from ..services.claims import issue_claim_code
from ..services.casework import CaseworkError
from . import bp, forms
from .record import TABS, show


def _me():
    return current_user._get_current_object()


def _refused(form, error: CaseworkError) -> None:
    """Put a service's refusal on the field it names, or on top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        flash(str(error.message), "error")


def _of_person(model, entry_id: int, profile):
    """An entry (note, task, consent, team member...) of this person, else a 404."""
    found = db.session.scalar(select(model).where(model.id == entry_id, model.candidate_id == profile.id))
    if found is None:
        abort(404)
    return found


def _to(candidate_id: int, tab: str):
    return redirect(url_for("caseworker.record_tab", candidate_id=candidate_id, tab=tab))


@bp.get("/candidates/<id:candidate_id>")
def candidate(candidate_id: int):
    return show(get_candidate_in_care_or_404(candidate_id), "profile")


@bp.get("/candidates/<id:candidate_id>/<tab>")
def record_tab(candidate_id: int, tab: str):
    profile = get_candidate_in_care_or_404(candidate_id)
    if tab not in TABS:
        abort(404)
    return show(profile, tab)


@bp.route("/candidates/new", methods=["GET", "POST"])
def new_candidate():
    """A profile for someone without a phone; they claim it later with a printed code."""
    form = forms.ProfileForm(areas=current_user.caseworker.areas)
    if form.validate_on_submit():
        area = next(a for a in current_user.caseworker.areas if a.ward_code == form.ward.data)
        data = casework.ProfileInput(form.full_name.data, form.birth_year.data, form.gender.data,
                                     area.province_code, area.ward_code, form.phone.data or None,
                                     form.address_line.data or "")
        try:
            profile = casework.create_profile(_me(), data)
        except CaseworkError as error:
            _refused(form, error)
        else:
            db.session.commit()
            flash(_("The profile of %(name)s is created.", name=profile.full_name), "success")
            return redirect(url_for("caseworker.candidate", candidate_id=profile.id))
    return render_template("caseworker/new_candidate.html", form=form)


@bp.post("/candidates/<id:candidate_id>/claim-code")
def claim_code(candidate_id: int):
    """Issue (or reissue) the one-time code and show the slip to print; the code is shown once."""
    profile = get_candidate_in_care_or_404(candidate_id)
    if profile.user_id is not None or not forms.ConfirmForm().validate_on_submit():
        flash(_("This profile already belongs to its person."), "error")
        return redirect(url_for("caseworker.candidate", candidate_id=profile.id))
    code = issue_claim_code(_me(), profile)
    db.session.commit()
    return render_template("caseworker/claim_slip.html", profile=profile, code=code,
                           expires_at=profile.claim_code_expires_at)


def _saved(form, save, candidate_id: int, tab: str):
    """Validate, save through the service, commit and go back to the tab (Post/Redirect/Get);
    None when the form or the service refused (the errors are on the form)."""
    if not form.validate_on_submit():
        return None
    try:
        save()
    except CaseworkError as error:
        db.session.rollback()
        _refused(form, error)
        return None
    db.session.commit()
    flash(_("Saved."), "success")
    return _to(candidate_id, tab)


def _entry(candidate_id: int, form, tab: str, form_name: str, save) -> object:
    """A new entry on a tab; on refusal the tab comes back with what was typed and the errors."""
    profile = get_candidate_in_care_or_404(candidate_id)
    done = _saved(form, lambda: save(profile, form), profile.id, tab)
    return done or (show(profile, tab, **{form_name: form}), 422)


def _note_input(form) -> casework.NoteInput:
    return casework.NoteInput(form.kind.data, form.occurred_on.data, form.body.data or "",
                              form.about_legal_case.data)


def _support_input(form) -> casework.SupportInput:
    return casework.SupportInput(form.kind.data, form.occurred_on.data, form.amount_vnd.data,
                                 form.purpose.data or "", form.note.data or "")


@bp.post("/candidates/<id:candidate_id>/notes")
def add_note(candidate_id: int):
    return _entry(candidate_id, forms.NoteForm(), "notes", "note_form",
                  lambda p, f: casework.add_note(_me(), p, _note_input(f)))


@bp.post("/candidates/<id:candidate_id>/support")
def add_support(candidate_id: int):
    return _entry(candidate_id, forms.SupportForm(), "support", "support_form",
                  lambda p, f: casework.add_support(_me(), p, _support_input(f)))


@bp.post("/candidates/<id:candidate_id>/legal")
def set_legal(candidate_id: int):
    def save(profile, f):
        legal.set_legal(_me(), profile, legal.LegalInput(
            f.status.data, f.offence_category.data, f.sentence_kind.data, f.sentence_months.data,
            f.release_date.data, f.supervision_end.data, f.penalty_end.data, f.travel_restricted.data))
    return _entry(candidate_id, forms.LegalForm(), "legal", "legal_form", save)


@bp.post("/candidates/<id:candidate_id>/milestones")
def add_milestone(candidate_id: int):
    return _entry(candidate_id, forms.MilestoneForm(), "legal", "milestone_form",
                  lambda p, f: casework.add_milestone(_me(), p, f.kind.data, f.occurred_on.data,
                                                      f.note.data or ""))


def _correct(candidate_id: int, model, entry_id: int, author: str, form, edit, tab: str, title: str):
    """The author corrects their own entry within 24 hours; otherwise the entry is a 404."""
    profile = get_candidate_in_care_or_404(candidate_id)
    entry = _of_person(model, entry_id, profile)
    if not casework.may_edit(_me(), getattr(entry, author), entry.created_at):
        abort(404)
    form = form(obj=entry)
    done = _saved(form, lambda: edit(entry, form), profile.id, tab)
    if done is None and getattr(entry, "about_legal_case", False):
        # A note about the legal case is conviction data: its view is audited like the legal tab.
        audit.record("view_candidate", "candidate", profile.id, categories=("conviction",),
                     purpose="case_management")
        db.session.commit()
    return done or render_template("caseworker/edit_entry.html", profile=profile, form=form, tab=tab,
                                   title=title)


@bp.route("/candidates/<id:candidate_id>/notes/<id:note_id>", methods=["GET", "POST"])
def edit_note(candidate_id: int, note_id: int):
    return _correct(candidate_id, CaseNote, note_id, "author_id", forms.NoteForm,
                    lambda note, f: casework.edit_note(_me(), note, _note_input(f)),
                    "notes", _("Correct a note"))


@bp.route("/candidates/<id:candidate_id>/support/<id:action_id>", methods=["GET", "POST"])
def edit_support(candidate_id: int, action_id: int):
    return _correct(candidate_id, SupportAction, action_id, "recorded_by_id", forms.SupportForm,
                    lambda action, f: casework.edit_support(_me(), action, _support_input(f)),
                    "support", _("Correct a support entry"))


@bp.post("/candidates/<id:candidate_id>/team/staff")
def add_staff(candidate_id: int):
    def save(profile, f):
        member = accounts.find_user(f.login.data or "")
        if member is None:
            raise CaseworkError(_("No active caseworker has this login."), field="login")
        care_team.add_staff(_me(), profile, member)
    return _entry(candidate_id, forms.StaffMemberForm(), "team", "staff_form", save)


@bp.post("/candidates/<id:candidate_id>/team/contact")
def add_contact(candidate_id: int):
    def save(profile, f):
        care_team.add_contact(_me(), profile, care_team.ContactInput(
            f.kind.data, f.full_name.data or "", f.relation.data or "", f.phone.data or None))
    return _entry(candidate_id, forms.ContactMemberForm(), "team", "contact_form", save)


@bp.post("/candidates/<id:candidate_id>/team/<id:member_id>/remove")
def remove_member(candidate_id: int, member_id: int):
    profile = get_candidate_in_care_or_404(candidate_id)
    member = _of_person(CareTeamMember, member_id, profile)
    if forms.ConfirmForm().validate_on_submit():
        care_team.remove(_me(), member)
        db.session.commit()
        flash(_("Removed from the care team."), "success")
    return _to(profile.id, "team")


@bp.post("/candidates/<id:candidate_id>/tasks/<id:task_id>/done")
def finish_task(candidate_id: int, task_id: int):
    profile = get_candidate_in_care_or_404(candidate_id)
    task = _of_person(CaseTask, task_id, profile)
    if forms.ConfirmForm().validate_on_submit() and casework.finish_task(_me(), task):
        db.session.commit()
        flash(_("Marked as done."), "success")
    return redirect(url_for("caseworker.candidate", candidate_id=profile.id))


@bp.post("/candidates/<id:candidate_id>/consents")
def record_consent(candidate_id: int):
    """A consent the person signed on paper (the form's reference is kept with it)."""
    return _entry(candidate_id, forms.PaperConsentForm(), "consents", "consent_form",
                  lambda p, f: consents.record(_me(), p, f.purpose.data, reference=f.reference.data))


@bp.post("/candidates/<id:candidate_id>/consents/<id:consent_id>/withdraw")
def withdraw_consent(candidate_id: int, consent_id: int):
    """The person withdrew a consent (in person or on paper); it takes effect on the next request."""
    profile = get_candidate_in_care_or_404(candidate_id)
    consent = _of_person(Consent, consent_id, profile)
    if forms.ConfirmForm().validate_on_submit() and consents.withdraw(consent):
        db.session.commit()
        flash(_("The consent is withdrawn."), "success")
    return _to(profile.id, "consents")
