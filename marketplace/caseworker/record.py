"""A person's record, one tab per URL so each works without JavaScript.

Only the legal tab shows sensitive data (conviction, health, address); opening it is what writes
the sensitive-view audit event. The other tabs write a plain view event.
"""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..database import commit_before_render
from ..extensions import db
from ..labels import agency_label
from ..models import AuditEvent, CandidateProfile, CaseNote, CaseTask, Consent, SupportAction, User
from ..models.candidates import SENSITIVE_FIELDS
from ..services import care_team, casework, exposure, ranking
from ..services.referral_states import open_referral_counts
from . import forms, pipeline

TABS = {
    "profile": _l("Profile"),
    "referrals": _l("Referrals"),
    "notes": _l("Visits & notes"),
    "support": _l("Support"),
    "legal": _l("Legal & milestones"),
    "consents": _l("Consents"),
    "team": _l("Care team"),
    "views": _l("Who viewed"),
}
SENSITIVE_TAB = "legal"


def _referrals(profile: CandidateProfile, **_forms) -> dict:
    """The person's referrals with their next steps, and suggestions (logged as shown)."""
    suggestions = ranking.suggestions_for(profile)
    exposure.record_positions(current_user, "caseworker_record", profile.id, suggestions)
    return {"referrals": pipeline.referrals_of(profile.id), "suggestions": suggestions,
            "in_progress": open_referral_counts([s.position.id for s in suggestions])}


def _notes(profile: CandidateProfile, note_form=None, **_forms) -> dict:
    query = (select(CaseNote).where(CaseNote.candidate_id == profile.id)
             .order_by(CaseNote.occurred_on.desc(), CaseNote.id.desc()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return {"page": page, "form": note_form or forms.NoteForm(), "may_edit": casework.may_edit,
            "authors": _names({n.author_id for n in page.items})}


def _support(profile: CandidateProfile, support_form=None, **_forms) -> dict:
    query = (select(SupportAction).where(SupportAction.candidate_id == profile.id)
             .order_by(SupportAction.occurred_on.desc(), SupportAction.id.desc()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    recorders = _names({a.recorded_by_id for a in page.items})
    return {"page": page, "form": support_form or forms.SupportForm(), "recorders": recorders,
            "may_edit": casework.may_edit}


def _legal(profile: CandidateProfile, legal_form=None, milestone_form=None, **_forms) -> dict:
    legal_notes = db.session.scalars(select(CaseNote).where(
        CaseNote.candidate_id == profile.id, CaseNote.about_legal_case.is_(True))
        .order_by(CaseNote.occurred_on.desc())).all()
    if legal_form is None:
        legal_form = forms.LegalForm(data={
            "status": profile.legal_status, "offence_category": profile.offence_category,
            "sentence_kind": profile.sentence_kind, "sentence_months": profile.sentence_months,
            "release_date": profile.release_date, "supervision_end": profile.supervision_end,
            "penalty_end": profile.penalty_end, "travel_restricted": profile.travel_restricted})
    milestones = sorted(profile.milestones, key=lambda m: (m.occurred_on, m.id), reverse=True)
    return {"legal_form": legal_form, "milestone_form": milestone_form or forms.MilestoneForm(),
            "legal_notes": legal_notes, "milestones": milestones}


def _consents(profile: CandidateProfile, consent_form=None, **_forms) -> dict:
    rows = db.session.scalars(select(Consent).where(Consent.candidate_id == profile.id)
                              .order_by(Consent.created_at.desc())).all()
    return {"consents": rows, "recorders": _names({c.recorded_by_id for c in rows}),
            "form": consent_form or forms.PaperConsentForm(), "confirm": forms.ConfirmForm()}


def _team(profile: CandidateProfile, staff_form=None, contact_form=None, **_forms) -> dict:
    contact_form = contact_form or forms.ContactMemberForm()
    here = (profile.ward_code,)  # "Công an phường" for a person living in a ward
    contact_form.kind.choices = [(k, agency_label(k, here) if k != "family" else label)
                                 for k, label in contact_form.kind.choices]
    return {"members": care_team.members_of(profile), "staff_form": staff_form or forms.StaffMemberForm(),
            "contact_form": contact_form, "confirm": forms.ConfirmForm(), "agency_label": agency_label}


def _views(profile: CandidateProfile, **_forms) -> dict:
    query = (select(AuditEvent).where(AuditEvent.subject_type == "candidate",
                                      AuditEvent.subject_id == profile.id)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return {"page": page, "viewers": _names({e.user_id for e in page.items})}


def _profile(profile: CandidateProfile, **_forms) -> dict:
    tasks = db.session.scalars(select(CaseTask).where(
        CaseTask.candidate_id == profile.id, CaseTask.done_at.is_(None)).order_by(CaseTask.due_on)).all()
    return {"claim_form": forms.ConfirmForm(), "tasks": tasks}


LOADERS = {"profile": _profile, "referrals": _referrals, "notes": _notes, "support": _support,
           "legal": _legal, "consents": _consents, "team": _team, "views": _views}


def _names(user_ids: set) -> dict[int, User]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def show(profile: CandidateProfile, tab: str, **tab_forms):
    """Audit the view (sensitive for the legal tab), commit, then render the tab."""
    if tab == SENSITIVE_TAB:
        audit.record("view_candidate", "candidate", profile.id,
                     categories=tuple(SENSITIVE_FIELDS), purpose="case_management")
    else:
        audit.record("view_candidate_record", "candidate", profile.id, purpose="case_management")
    context = LOADERS[tab](profile, **tab_forms)
    commit_before_render()  # the audit event (and the exposure log) before the page renders
    is_lead = profile.caseworker_id == current_user.id
    return render_template(f"caseworker/record/{tab}.html", profile=profile, tab=tab, tabs=TABS,
                           is_lead=is_lead, **context)
