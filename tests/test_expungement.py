"""Automatic expungement (Criminal Code 2015, art. 70): the date, who is eligible soon, and the
purge that leaves no trace of the conviction anywhere."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Milestone, Notification, Position, Referral, User
from marketplace.services import legal, notifications, ranking
from marketplace.services.referrals import StepInput, propose, transition
from matching.taxonomy import OFFENCE_CATEGORIES

from .conftest import PASSWORD, UONG_BI

# (sentence kind, months, sentence completed on, expunged by law on): every row of art. 70(2),
# with the boundary lengths (60/61 and 180/181 months) and days (29 February, 31 December).
SCALE = [
    ("warning", None, date(2024, 3, 15), date(2025, 3, 15)),
    ("fine", None, date(2024, 3, 15), date(2025, 3, 15)),
    ("non_custodial_reform", None, date(2024, 3, 15), date(2025, 3, 15)),
    ("suspended", 36, date(2024, 3, 15), date(2025, 3, 15)),
    ("prison", 1, date(2024, 3, 15), date(2026, 3, 15)),
    ("prison", 60, date(2024, 3, 15), date(2026, 3, 15)),
    ("prison", 61, date(2024, 3, 15), date(2027, 3, 15)),
    ("prison", 180, date(2024, 3, 15), date(2027, 3, 15)),
    ("prison", 181, date(2024, 3, 15), date(2029, 3, 15)),
    ("prison", 360, date(2024, 3, 15), date(2029, 3, 15)),
    ("life", None, date(2024, 3, 15), date(2029, 3, 15)),
    ("death_commuted", None, date(2024, 3, 15), date(2029, 3, 15)),
    ("warning", None, date(2024, 2, 29), date(2025, 2, 28)),
    ("prison", 12, date(2024, 2, 29), date(2026, 2, 28)),
    ("prison", 200, date(2024, 2, 29), date(2029, 2, 28)),
    ("prison", 100, date(2027, 2, 28), date(2030, 2, 28)),
    ("prison", 61, date(2023, 12, 31), date(2026, 12, 31)),
]


@pytest.mark.parametrize("kind,months,completed,expected", SCALE)
def test_the_expungement_date_follows_every_row_of_article_70(kind, months, completed, expected):
    assert legal.expungement_date(kind, months, completed) == expected


def test_the_scale_covers_every_sentence_kind():
    assert {row[0] for row in SCALE} == set(legal.SENTENCE_KINDS)


def test_the_sentence_counts_from_its_last_part_to_end():
    released, probation, penalty = date(2023, 1, 10), date(2024, 6, 1), date(2024, 2, 1)
    assert legal.completed_on(released, probation, penalty) == probation
    assert legal.completed_on(released, None, None) == released
    assert legal.completed_on(None, None, None) is None


@pytest.mark.parametrize("kind,months,completed", [
    (None, None, date(2024, 1, 1)), ("prison", None, date(2024, 1, 1)), ("fine", None, None)])
def test_no_date_without_the_sentence_or_its_end(kind, months, completed):
    assert legal.expungement_date(kind, months, completed) is None


def test_the_offence_codes_are_the_taxonomys():
    from marketplace.models.candidates import OFFENCE_CODES

    assert set(OFFENCE_CODES) == set(OFFENCE_CATEGORIES)


def test_eligible_now_or_within_90_days(app, make_candidate):
    today = clock.today()
    cases = {"long ago": today - timedelta(days=400), "yesterday": today - timedelta(days=1),
             "day 90": today + timedelta(days=90), "day 91": today + timedelta(days=91)}
    for name, when in cases.items():
        make_candidate(UONG_BI, full_name=name, expungement_date=when)
    make_candidate(UONG_BI, full_name="done", legal_status="expunged", expungement_date=today)
    make_candidate(UONG_BI, full_name="unknown")
    with app.app_context():
        found = db.session.scalars(legal.eligible_soon(select(CandidateProfile))).all()
        assert sorted(p.full_name for p in found) == ["day 90", "long ago", "yesterday"]


# --- the purge ---------------------------------------------------------------------------------

SENTINEL = "SENTINEL-7f3a9c"
RELEASED, PROBATION_END, PENALTY_END = date(2019, 7, 13), date(2020, 3, 17), date(2020, 5, 19)
CONVICTION_DATES = (RELEASED, PROBATION_END, PENALTY_END)


def _every_value(app) -> list[str]:
    """Every value of every column of every table, as text."""
    with app.app_context():
        values = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(table)).all():
                values += [str(v) for v in row]
        return values


def _leaks(text: str) -> list[str]:
    found = [SENTINEL] if SENTINEL in text else []
    for day in CONVICTION_DATES:
        found += [s for s in (day.isoformat(), day.strftime("%d/%m/%Y")) if s in text]
    return found


@pytest.fixture
def convicted(app, cast, client, login, make_position):
    """The cast's person with a drugs conviction carrying sentinels everywhere it can be written,
    and a company that excludes drug offences."""
    login(cast.caseworker)
    base = f"/casework/candidates/{cast.candidate}"
    response = client.post(f"{base}/legal", data={
        "status": "supervision", "offence_category": "drugs", "sentence_kind": "prison",
        "sentence_months": "30", "release_date": RELEASED.isoformat(),
        "supervision_end": PROBATION_END.isoformat(), "penalty_end": PENALTY_END.isoformat(),
        "travel_restricted": "y"})
    assert response.status_code == 302
    client.post(f"{base}/notes", data={"kind": "visit", "occurred_on": clock.today().isoformat(),
                                       "body": f"Talked about the trial {SENTINEL}",
                                       "about_legal_case": "y"})
    client.post(f"{base}/notes", data={"kind": "call", "occurred_on": clock.today().isoformat(),
                                       "body": "Called about the new job."})
    excluding = make_position(cast.employer, UONG_BI, seats=3, excluded_offences=["drugs"],
                              title="Bảo vệ kho")
    with app.app_context():
        worker = db.session.get(User, cast.caseworker)
        profile = db.session.get(CandidateProfile, cast.candidate)
        referral = propose(worker, profile, db.session.get(Position, cast.position))
        label = OFFENCE_CATEGORIES["drugs"][0]
        transition(worker, referral, "declined",
                   StepInput(reason="record", note=f"Công ty từ chối vì án {label} {SENTINEL}"))
        notifications.notify([profile.user], "referral_declined",
                             {"candidate": profile.full_name, "position": "x",
                              "reason": f"drugs {SENTINEL}"}, referral_id=referral.id)
        db.session.commit()
    return excluding


def test_the_fixture_put_the_sentinels_in(app, cast, convicted):
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert profile.offence_category == "drugs" and profile.sentence_months == 30
        assert profile.expungement_date == legal.add_years(PENALTY_END, 2)
    assert SENTINEL in " ".join(_every_value(app))
    assert "2019-07-13" in " ".join(_every_value(app))


def test_req_23_recording_expunged_purges_the_conviction_from_every_table(app, cast, client, convicted):
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        before = [s.position.id for s in ranking.suggestions_for(profile)]
    assert convicted not in before  # excluded by the company's rule

    response = client.post(f"/casework/candidates/{cast.candidate}/milestones", data={
        "kind": "expunged", "occurred_on": clock.today().isoformat(), "note": SENTINEL,
        "confirm": "y"})
    assert response.status_code == 302

    assert _leaks(" | ".join(_every_value(app))) == []
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert profile.legal_status == "expunged" and profile.expungement_date == clock.today()
        assert (profile.offence_category, profile.sentence_kind, profile.sentence_months) == (None, None, None)
        assert profile.travel_restricted is False
        assert [m.kind for m in profile.milestones] == ["expunged"]
        assert [n.body for n in profile.notes] == ["Called about the new job."]
        assert convicted in [s.position.id for s in ranking.suggestions_for(profile)]
        told = db.session.scalars(select(Notification).where(
            Notification.recipient_id == cast.candidate_user, Notification.template == "record_expunged")).all()
        assert len(told) == 1
        assert db.session.scalar(select(Referral.decline_reason)) == "record"


def test_req_23_after_the_purge_no_page_for_the_person_names_the_conviction(app, cast, client, convicted):
    client.post(f"/casework/candidates/{cast.candidate}/milestones", data={
        "kind": "expunged", "occurred_on": clock.today().isoformat(), "confirm": "y"})
    for tab in ("", "/referrals", "/notes", "/support", "/legal", "/consents", "/team", "/views"):
        page = client.get(f"/casework/candidates/{cast.candidate}{tab}").get_data(as_text=True)
        assert _leaks(page) == [], tab
    legal_page = client.get(f"/casework/candidates/{cast.candidate}/legal").get_data(as_text=True)
    assert OFFENCE_CATEGORIES["drugs"][0] not in legal_page
    person = app.test_client()
    with app.app_context():
        name = db.session.get(User, cast.candidate_user).login
    person.post("/login", data={"login": name, "password": PASSWORD})
    for url in ("/me/", "/me/referrals", "/notifications/"):
        page = person.get(url)
        assert page.status_code == 200 and _leaks(page.get_data(as_text=True)) == [], url
    company = app.test_client()
    with app.app_context():
        name = db.session.get(User, cast.employer_user).login
    company.post("/login", data={"login": name, "password": PASSWORD})
    page = company.get("/employer/")
    assert page.status_code == 200 and _leaks(page.get_data(as_text=True)) == []


def test_expunging_needs_the_confirmation_and_changes_nothing_without_it(app, cast, client, convicted):
    response = client.post(f"/casework/candidates/{cast.candidate}/milestones", data={
        "kind": "expunged", "occurred_on": clock.today().isoformat()})
    assert response.status_code == 422
    assert "Đánh dấu vào ô để xác nhận xóa án tích." in response.get_data(as_text=True)
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert profile.offence_category == "drugs"
        assert db.session.scalar(select(Milestone.id)) is None
    assert SENTINEL in " ".join(_every_value(app))


def test_an_expunged_record_cannot_be_expunged_or_edited_again(app, cast, client, convicted):
    today = clock.today().isoformat()
    client.post(f"/casework/candidates/{cast.candidate}/milestones",
                data={"kind": "expunged", "occurred_on": today, "confirm": "y"})
    again = client.post(f"/casework/candidates/{cast.candidate}/milestones",
                        data={"kind": "expunged", "occurred_on": today, "confirm": "y"})
    assert again.status_code == 422
    edit = client.post(f"/casework/candidates/{cast.candidate}/legal", data={
        "status": "supervision", "offence_category": "drugs"})
    assert edit.status_code == 422
    with app.app_context():
        profile = db.session.get(CandidateProfile, cast.candidate)
        assert profile.offence_category is None
        assert len(profile.milestones) == 1
