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
POSITION_STATUS = {"draft": _l("Draft"), "open": _l("Open"), "full": _l("Full"), "closed": _l("Closed")}
SHIFT = {"day": _l("Day shift"), "night": _l("Night shift"), "rotating": _l("Rotating shifts")}

EVAL_METHOD = {
    "fitted": _l("Trained model"),
    "cold_start": _l("Starting rules, untrained"),
    "random": _l("Random order"),
    "popularity": _l("Most-hiring positions first"),
    "tfidf": _l("Skill and text likeness"),
}

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
}


def coded(table: str, code) -> str:
    """The label of a coded value, or the code itself when it has none."""
    return str(TABLES[table].get(code, code if code is not None else ""))


def format_vnd(amount: int | None) -> str:
    """Money as Vietnamese readers write it: 7.500.000 ₫."""
    if amount is None:
        return ""
    return f"{format_decimal(amount)} ₫"


# --- the candidate's side ----------------------------------------------------------------------
CONSENT_PURPOSE = {
    "profile": _l("Caseworkers in my commune may see my profile and help me"),
    "model_use": _l("The matching may learn from how my referrals turn out"),
    "keep_after_referral": _l("Keep my data after a referral ends without a job"),
    "employer": _l("Share my profile with this company"),
    "offence": _l("Tell this company what kind of offence I was convicted of"),
}
# One plain sentence of what each choice does.
CONSENT_PURPOSE_HELP = {
    "profile": _l("Without this, no caseworker sees your profile. They help with jobs, loans and papers."),
    "model_use": _l("Only the result (hired, stayed, left) is used, never your name or record."),
    "keep_after_referral": _l("Otherwise what a company saw is deleted when a referral ends without a job."),
    "employer": _l("The company sees only the fields listed. Never your record, health or address."),
    "offence": _l("Only the kind of offence, never details. Most people do not need to share this."),
}
RECORD_QUESTION_STAGE = {
    "never": _l("Never asks about a conviction record"),
    "after_offer": _l("Asks about a record only after offering the job"),
    "interview": _l("May ask about a record at the interview"),
    "application": _l("Asks about a record when you apply"),
}
TABLES.update(consent_purpose=CONSENT_PURPOSE, consent_purpose_help=CONSENT_PURPOSE_HELP,
              record_question_stage=RECORD_QUESTION_STAGE)
# The profile fields a company may be shown (consents.SHARED_WITH_EMPLOYER), by name.
PROFILE_FIELD = {
    "full_name": _l("your name"),
    "phone": _l("your phone"),
    "skills": _l("your skills"),
    "education": _l("your schooling"),
    "experience": _l("your work experience"),
}
TABLES.update(profile_field=PROFILE_FIELD)
# Health limits in plain categories (models.candidates.HEALTH_LIMITS): never shown to a company.
HEALTH_LIMIT = {
    "no_heavy_lifting": _l("I cannot lift heavy loads"),
    "no_long_standing": _l("I cannot stand for long"),
    "no_heights": _l("I cannot work at heights"),
    "no_night_work": _l("My health does not allow night work"),
    "regular_treatment": _l("I need regular treatment or medicine"),
    "sight_or_hearing": _l("I see or hear poorly"),
}
TABLES.update(health_limit=HEALTH_LIMIT)
# What happens next, told to the person when a referral ends, by decline reason (or ending).
NEXT_FOR_PERSON = {
    "skills": _l("Not this time. A training seat can teach what the company looks for."),
    "no_show": _l("You could not come. Your caseworker will call you to talk it over."),
    "schedule": _l("The hours did not suit. Tell us in your profile which shifts you can work."),
    "distance": _l("It was too far. Tell us in your profile how far you can travel."),
    "health": _l("The work did not suit your health. Your profile can say what you cannot do."),
    "record": _l("This should not happen with a fair-chance company. Your caseworker has been told."),
    "seat_filled": _l("Every seat was taken. Your other suggestions are still open."),
    "candidate_declined": _l("You said no. We will not suggest it again for 60 days."),
    "other": _l("Not this time. Your caseworker will look for another job with you."),
    "withdrawn": _l("This referral was stopped. You can say \"I'm interested\" again later."),
    "left": _l("Your caseworker will help you find the next job."),
}
TABLES.update(next_for_person=NEXT_FOR_PERSON)
