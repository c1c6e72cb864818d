"""Translated labels for the data model's coded values, shared by forms and templates."""
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

REFERRAL_STATUS = {
    "proposed": _l("Proposed"),
    "approved": _l("Approved"),
    "sent": _l("Sent to employer"),
    "interview": _l("Interview"),
    "hired": _l("Hired"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "left": _l("Left the job"),
}
DECLINE_REASON = {
    "skills": _l("Skills do not match"),
    "no_show": _l("Did not come"),
    "schedule": _l("Working hours do not suit"),
    "distance": _l("Too far"),
    "health": _l("Health does not suit the work"),
    "record": _l("Because of the conviction record"),
    "seat_filled": _l("All seats are filled"),
    "candidate_declined": _l("The person said no"),
    "other": _l("Other reason"),
}
LEFT_REASON = {
    "better_job": _l("Found a better job"),
    "health": _l("Health"),
    "family": _l("Family reasons"),
    "distance": _l("Too far to travel"),
    "wage": _l("Pay too low"),
    "conflict": _l("Conflict at work"),
    "dismissed": _l("Dismissed by the company"),
    "other": _l("Other reason"),
}
LEGAL_STATUS = {
    "released": _l("Released"),
    "probation": _l("Probation"),
    "suspended_sentence": _l("Suspended sentence"),
    "supervision": _l("Under supervision"),
    "expunged": _l("Record expunged"),
}
GENDER = {
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    "undisclosed": _l("Not stated"),
}
POSITION_KIND = {"job": _l("Job"), "training": _l("Training seat")}
POSITION_STATUS = {"draft": _l("Draft"), "open": _l("Open"), "full": _l("Full"), "paused": _l("Paused"),
                   "closed": _l("Closed")}
SHIFT = {"day": _l("Day shift"), "night": _l("Night shift"), "rotating": _l("Rotating shifts")}

EVAL_METHOD = {
    "fitted": _l("Trained model"),
    "cold_start": _l("Starting rules, untrained"),
    "random": _l("Random order"),
    "popularity": _l("Most-hiring positions first"),
    "tfidf": _l("Skill and text likeness"),
}

RECORD_STAGE = {
    "never": _l("We never ask about a conviction record"),
    "after_offer": _l("Only after a job offer"),
    "interview": _l("At the interview"),
    "application": _l("On the application"),
}
EMPLOYER_STATE = {
    "awaiting": _l("Awaiting verification"),
    "verified": _l("Verified"),
    "refused": _l("Not verified"),
    "suspended": _l("Suspended"),
}
DECISION_KIND = {
    "verified": _l("Verified"),
    "refused": _l("Refused"),
    "suspended": _l("Suspended"),
    "reinstated": _l("Reinstated"),
    "resubmitted": _l("Name or tax code changed: to verify again"),
}
MEMBER_ROLE = {"owner": _l("Account holder"), "member": _l("Member")}

TABLES = {
    "eval_method": EVAL_METHOD,
    "referral_status": REFERRAL_STATUS,
    "decline_reason": DECLINE_REASON,
    "left_reason": LEFT_REASON,
    "legal_status": LEGAL_STATUS,
    "gender": GENDER,
    "position_kind": POSITION_KIND,
    "position_status": POSITION_STATUS,
    "shift": SHIFT,
    "record_stage": RECORD_STAGE,
    "employer_state": EMPLOYER_STATE,
    "decision_kind": DECISION_KIND,
    "member_role": MEMBER_ROLE,
}


def coded(table: str, code) -> str:
    """The label of a coded value, or the code itself when it has none."""
    return str(TABLES[table].get(code, code if code is not None else ""))


def format_vnd(amount: int | None) -> str:
    """Money as Vietnamese readers write it: 7.500.000 ₫."""
    if amount is None:
        return ""
    return f"{format_decimal(amount)} ₫"
