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


# --- casework: the record's entries, the sentence, the care team -------------------------------
# The statuses as the programme names them ("released" is a completed prison sentence,
# "probation" a conditional early release).
LEGAL_STATUS.update({
    "released": _l("Completed prison sentence"),
    "probation": _l("Conditional early release"),
    "suspended_sentence": _l("Suspended sentence (probation)"),
    "non_custodial": _l("Non-custodial reform"),
    "supervision": _l("Post-release supervision"),
    "amnesty": _l("Released by amnesty"),
})
OFFENCE_CATEGORY = {
    "property": _l("Property offences"),
    "drugs": _l("Drug offences"),
    "violence": _l("Violent offences"),
    "traffic": _l("Traffic offences"),
    "fraud": _l("Fraud"),
    "other": _l("Other offences"),
}
SENTENCE_KIND = {
    "warning": _l("Warning"),
    "fine": _l("Fine"),
    "non_custodial_reform": _l("Non-custodial reform"),
    "suspended": _l("Suspended sentence"),
    "prison": _l("Prison (fixed term)"),
    "life": _l("Life imprisonment"),
    "death_commuted": _l("Death sentence commuted"),
}
NOTE_KIND = {"visit": _l("Home visit"), "call": _l("Phone call"), "note": _l("Counselling note")}
SUPPORT_KIND = {
    "training": _l("Vocational-training enrolment"),
    "loan": _l("Social Policy Bank loan"),
    "health_insurance": _l("Health-insurance card"),
    "papers": _l("ID or civil papers"),
    "gift": _l("Gift"),
    "job_introduction": _l("Job introduction"),
    "other": _l("Other support"),
}
MILESTONE_KIND = {
    "probation_shortened": _l("Probation shortened"),
    "out_of_management": _l("Out of management"),
    "expunged": _l("Record expunged"),
    "other": _l("Other milestone"),
}
AGENCY = {
    "police": _l("Commune police"),
    "front": _l("Fatherland Front"),
    "home_affairs": _l("Home Affairs (labour)"),
    "union": _l("Trade union"),
    "women_union": _l("Women's Union"),
    "youth_union": _l("Youth Union"),
    "other": _l("Other"),
}
MEMBER_KIND = {**AGENCY, "family": _l("Family")}
TASK_KIND = {
    "no_show": _l("Did not come to an interview"),
    "placement_ended": _l("Placement ended"),
    "data_request": _l("Asks to correct their data"),
    "other": _l("Other follow-up"),
}
# The consent purposes as staff read them (the person's own words are CONSENT_PURPOSE below).
CONSENT_PURPOSE_STAFF = {
    "profile": _l("Caseworkers may see the profile"),
    "employer": _l("Share the profile with a company"),
    "offence": _l("Tell a company the offence category"),
    "model_use": _l("The model may learn from outcomes"),
    "keep_after_referral": _l("Keep data after a referral ends"),
}
ROLE = {"candidate": _l("The person"), "caseworker": _l("Caseworker"), "employer": _l("Company"),
        "admin": _l("Programme coordinator")}
TABLES.update({
    "role": ROLE,
    "consent_purpose_staff": CONSENT_PURPOSE_STAFF,
    "offence_category": OFFENCE_CATEGORY,
    "sentence_kind": SENTENCE_KIND,
    "note_kind": NOTE_KIND,
    "support_kind": SUPPORT_KIND,
    "milestone_kind": MILESTONE_KIND,
    "agency": AGENCY,
    "member_kind": MEMBER_KIND,
    "task_kind": TASK_KIND,
})

# Agencies named as people know them in a place: "Công an xã" in a commune, "Công an phường" in
# a ward, "Công an đặc khu" in a special zone.
PLACED_AGENCY = {
    ("police", "commune"): _l("Commune police"),
    ("police", "ward"): _l("Ward police"),
    ("police", "zone"): _l("Special-zone police"),
    ("police", "mixed"): _l("Commune or ward police"),
    ("front", "commune"): _l("Commune Fatherland Front"),
    ("front", "ward"): _l("Ward Fatherland Front"),
    ("front", "zone"): _l("Special-zone Fatherland Front"),
}


def place_kind(ward_codes) -> str:
    """"commune", "ward" or "zone" when every commune is of that kind, else "mixed"."""
    from .locations import ward_name

    kinds = set()
    for code in ward_codes or ():
        name = ward_name(code)
        kinds.add("ward" if name.startswith("Phường") else "zone" if name.startswith("Đặc khu") else "commune")
    return kinds.pop() if len(kinds) == 1 else "mixed"


def agency_label(agency: str | None, ward_codes=()) -> str:
    """An agency's name fitting the communes it works in."""
    placed = PLACED_AGENCY.get((agency, place_kind(ward_codes)))
    return str(placed or AGENCY.get(agency, agency or ""))
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
