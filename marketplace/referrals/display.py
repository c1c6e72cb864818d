"""What the pipeline's macros need to show a referral: its possible steps, labels and dates."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import clock, labels
from ..models import Referral
from ..services import consents, notifications
from ..services import referral_states as states

# The step tracker's words, in the order a referral goes.
TRACK = (
    ("proposed", _l("Interested / proposed")),
    ("approved", _l("Approved by the caseworker")),
    ("sent", _l("Sent to the company")),
    ("interview", _l("Interview")),
    ("hired", _l("Hired")),
)
ENDINGS = {"declined": _l("Not this time"), "withdrawn": _l("Withdrawn"), "left": _l("Left the job")}
DATE_LABEL = {"interview": _l("Interview date"), "hired": _l("First working day"),
              "left": _l("Last working day")}


def steps_for(referral: Referral) -> list[states.Step]:
    """The steps the signed-in person may take. Pages list only referrals already scoped to them;
    the service checks the scope again when a step is posted."""
    if not current_user.is_authenticated:
        return []
    return states.steps_from(referral.status, current_user.role)


def action_label(target: str) -> str:
    return str(states.ACTION_LABEL.get(target, target))


def step_date_label(target: str) -> str:
    return str(DATE_LABEL.get(target, _l("Date")))


def reason_labels(table: str) -> dict:
    return labels.TABLES[table]


def referral_dates(referral: Referral) -> dict[str, datetime]:
    """When the referral last reached each status."""
    return {e.to_status: e.at for e in referral.events}


def timeline_steps(referral: Referral) -> list[tuple[str, str]]:
    """The tracker's steps: the usual path up to where it stopped, then how it ended."""
    reached = referral_dates(referral)
    if referral.status in ENDINGS:
        track = [(s, label) for s, label in TRACK if s in reached]
        return track + [(referral.status, ENDINGS[referral.status])]
    return list(TRACK)


def day(value: date | datetime | None) -> str:
    """A date as people here write it: 18/09/2025 (times are shown on the programme's calendar)."""
    if value is None:
        return ""
    return format_date(value, "dd/MM/yyyy")


def shown_employer_consent(referral) -> bool:
    """For pages: referrals.has_employer_consent, read once per person and request (a list of
    referrals asks for each one) instead of one query per referral shown."""
    shared = g.setdefault("loive.companies_shared_with", {})
    if referral.candidate_id not in shared:
        shared[referral.candidate_id] = consents.companies_shared_with(referral.candidate_id)
    return referral.position.employer_id in shared[referral.candidate_id]


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        steps_for=steps_for, action_label=action_label, step_date_label=step_date_label,
        reason_labels=reason_labels, referral_dates=referral_dates, timeline_steps=timeline_steps,
        has_employer_consent=shown_employer_consent, today=clock.today,
    )
    app.jinja_env.filters["day"] = day

    @app.context_processor
    def unread() -> dict:
        if current_user.is_authenticated:
            return {"unread_count": notifications.unread_count(current_user)}
        return {"unread_count": 0}
