"""The today panel: each count equals a hand count on a small case, and links to exactly its people."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import CandidateProfile, CaseNote, CaseTask, Milestone, Referral, RetentionCheck

from .conftest import PHU_LY, UONG_BI

TODAY = clock.today()


def _days(n: int):
    return TODAY + timedelta(days=n)


@pytest.fixture
def caseload(app, cast, make_candidate, make_position):
    """The cast's person (renamed "Cát") and five more in Uông Bí, one person in Phủ Lý with everything
    due (never counted for the Uông Bí caseworker)."""
    people = {"Cát": cast.candidate}
    people["An"] = make_candidate(UONG_BI, full_name="An", supervision_end=_days(10))
    people["Bình"] = make_candidate(UONG_BI, full_name="Bình", supervision_end=_days(-1))
    people["Chi"] = make_candidate(UONG_BI, full_name="Chi", expungement_date=_days(90))
    people["Dũng"] = make_candidate(UONG_BI, full_name="Dũng", expungement_date=_days(91))
    people["Em"] = make_candidate(UONG_BI, full_name="Em", legal_status="expunged",
                                  expungement_date=_days(-5), supervision_end=_days(31))
    people["Giang"] = make_candidate(UONG_BI, full_name="Giang")  # out of management: no visits due
    far = make_candidate(PHU_LY, full_name="Xa", supervision_end=_days(3), expungement_date=_days(3))
    more = [make_position(cast.employer, UONG_BI, seats=3, title=f"Việc {i}") for i in range(3)]
    with app.app_context():
        db.session.get(CandidateProfile, cast.candidate).full_name = "Cát"
        add = db.session.add

        def referral(person, position, status, by=None):
            row = Referral(candidate_id=person, position_id=position, status=status, created_by_id=by)
            add(row)
            db.session.flush()
            return row

        referral(people["Cát"], cast.position, "proposed", by=cast.candidate_user)  # "I'm interested"
        referral(people["An"], cast.position, "proposed", by=cast.caseworker)
        referral(far, cast.position, "proposed")
        for name, due in (("Bình", -3), ("Chi", -20)):
            hired = referral(people[name], more[0], "hired", by=cast.caseworker)
            add(RetentionCheck(referral_id=hired.id, day=30, due_on=_days(due)))
            add(RetentionCheck(referral_id=hired.id, day=90, due_on=_days(due + 60)))
        answered = referral(people["Dũng"], more[1], "hired")
        add(RetentionCheck(referral_id=answered.id, day=30, due_on=_days(-40), retained=True,
                           checked_at=clock.now()))
        add(CaseTask(candidate_id=people["Dũng"], kind="placement_ended", due_on=TODAY))
        add(CaseTask(candidate_id=people["Em"], kind="placement_ended", due_on=TODAY, done_at=clock.now()))
        add(CaseTask(candidate_id=people["Em"], kind="data_request", due_on=TODAY))
        add(CaseTask(candidate_id=far, kind="data_request", due_on=TODAY))
        add(Milestone(candidate_id=people["Giang"], kind="out_of_management", occurred_on=_days(-200)))
        for name, ago in (("Cát", 10), ("An", 59), ("Bình", 60), ("Dũng", 61), ("Em", 0)):
            add(CaseNote(candidate_id=people[name], kind="visit", body="…", occurred_on=_days(-ago)))
        db.session.commit()
    return people


# Counted by hand from the fixture above.
EXPECTED = {
    "to_approve": ["An", "Cát"],
    "interested": ["Cát"],
    "checks_due": ["Bình", "Chi"],
    "checks_overdue": ["Chi"],
    "placement_ended": ["Dũng"],
    "supervision_ending": ["An"],
    "expungement_soon": ["Chi"],
    "visits_due": ["Bình", "Chi", "Dũng"],
    "data_requests": ["Em"],
}


def test_the_counts_equal_the_hand_count(app, cast, caseload):
    from marketplace.models import User
    from marketplace.scopes import candidates_in_care
    from marketplace.services import today

    with app.app_context():
        counts = today.counts(candidates_in_care(db.session.get(User, cast.caseworker)))
    assert counts == {key: len(names) for key, names in EXPECTED.items()}


@pytest.mark.parametrize("key", EXPECTED)
def test_each_count_links_to_exactly_its_people(app, client, cast, login, caseload, key):
    login(cast.caseworker)
    home = client.get("/casework/").get_data(as_text=True)
    assert f"/casework/?show={key}" in home
    page = client.get("/casework/", query_string={"show": key}).get_data(as_text=True)
    listed = sorted(name for name in (*caseload, "Xa") if f">{name}</a>" in page)
    assert listed == sorted(EXPECTED[key])


def test_the_caseload_filters_by_needs_and_unplaced(app, client, cast, login, make_candidate):
    make_candidate(UONG_BI, full_name="Bà Vay", needs_loan=True)
    make_candidate(UONG_BI, full_name="Ông Giấy", needs_papers=True)
    login(cast.caseworker)
    page = client.get("/casework/", query_string={"show": "needs_loan"}).get_data(as_text=True)
    assert ">Bà Vay</a>" in page and ">Ông Giấy</a>" not in page
    page = client.get("/casework/", query_string={"show": "unplaced"}).get_data(as_text=True)
    assert ">Bà Vay</a>" in page and ">Ông Giấy</a>" in page


@pytest.mark.parametrize("show", ["everything'--", "\x1d", " "])
def test_an_unknown_filter_changes_nothing_and_fails_nothing(client, cast, login, show):
    login(cast.caseworker)
    assert client.get("/casework/", query_string={"show": show}).status_code == 200


def test_marking_a_follow_up_done_takes_it_off_the_panel(app, client, cast, login, caseload):
    from marketplace.models import User
    from marketplace.scopes import candidates_in_care
    from marketplace.services import today

    with app.app_context():
        task = db.session.scalar(select(CaseTask).where(CaseTask.kind == "placement_ended",
                                                        CaseTask.done_at.is_(None)))
    login(cast.caseworker)
    url = f"/casework/candidates/{task.candidate_id}/tasks/{task.id}/done"
    assert "Đánh dấu đã xong" in client.get(f"/casework/candidates/{task.candidate_id}").get_data(as_text=True)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second press changes nothing
    with app.app_context():
        done = db.session.get(CaseTask, task.id)
        assert done.done_by_id == cast.caseworker and done.done_at is not None
        counts = today.counts(candidates_in_care(db.session.get(User, cast.caseworker)))
    assert counts["placement_ended"] == 0
    far = client.post(f"/casework/candidates/{cast.candidate}/tasks/{task.id}/done")
    assert far.status_code == 404  # the task is not this person's


@pytest.mark.parametrize("key,audited", [("expungement_soon", True), ("supervision_ending", True),
                                         ("visits_due", False)])
def test_a_list_of_people_under_a_legal_measure_is_an_audited_view(app, client, cast, login, key, audited):
    from marketplace.models import AuditEvent

    login(cast.caseworker)
    client.get("/casework/", query_string={"show": key})
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view_caseload")).all()
    assert [(e.user_id, e.categories, e.purpose) for e in events] == (
        [(cast.caseworker, ["conviction"], key)] if audited else [])
