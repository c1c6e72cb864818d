"""A company sees its own positions and the people sent to it, and only what each consented to
share [SECURITY 10, 11]: a sentinel in every sensitive field and note appears on no employer page."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CandidateProfile, CaseNote, Milestone, Position, Referral, SupportAction, User
from marketplace.services import referrals
from marketplace.services.company_referrals import LISTS

from .conftest import UONG_BI

SUPERVISION_END = date(2031, 7, 19)
RELEASED = date(2024, 2, 13)
SENTINELS = ("SENTINEL-HEALTH", "SENTINEL-ADDRESS", "SENTINEL-CASENOTE", "SENTINEL-EVENT-APPROVE",
             "SENTINEL-EVENT-SEND", "SENTINEL-SUPPORT", "SENTINEL-MILESTONE")
# Labels of the person's legal status and offence category, in both languages, and their dates.
FORBIDDEN = ("Đang bị quản lý, giám sát", "Under supervision", "Lừa đảo", "Fraud", "19/07/2031", "2031-07-19",
             "13/02/2024", "2024-02-13")


@pytest.fixture
def referred(app, cast, give_consent):
    """The cast's person, with a sentinel in every sensitive field, sent to the cast's job with
    their consent to share their profile (and not their offence) with the company."""
    with app.app_context():
        person = db.session.get(CandidateProfile, cast.candidate)
        person.full_name = "Nguyễn Văn Hùng"
        person.health_notes, person.address_line = SENTINELS[0], SENTINELS[1]
        person.legal_status, person.offence_category = "supervision", "fraud"
        person.supervision_end, person.release_date = SUPERVISION_END, RELEASED
        person.experience = "Ba năm làm ở mỏ đá"
        db.session.add(CaseNote(candidate_id=person.id, author_id=cast.caseworker, body=SENTINELS[2],
                                occurred_on=date(2026, 11, 1)))
        db.session.add(SupportAction(candidate_id=person.id, kind="loan", amount_vnd=20_000_000,
                                     occurred_on=date(2026, 10, 1), note=SENTINELS[5]))
        db.session.add(Milestone(candidate_id=person.id, kind="other", occurred_on=date(2026, 9, 1),
                                 note=SENTINELS[6]))
        db.session.commit()
    give_consent(cast.candidate, cast.employer)
    with app.app_context():
        actor = db.session.get(User, cast.caseworker)
        rid = referrals.propose(actor, db.session.get(CandidateProfile, cast.candidate),
                                db.session.get(Position, cast.position)).id
        referrals.transition(actor, db.session.get(Referral, rid), "approved",
                             referrals.StepInput(note=SENTINELS[3]))
        referrals.transition(actor, db.session.get(Referral, rid), "sent", referrals.StepInput(note=SENTINELS[4]))
        db.session.commit()
    return rid


def _employer_urls(app, position_id: int, referral_id: int) -> list[str]:
    """Every page a company member can open, with real ids."""
    values = {"position_id": position_id, "referral_id": referral_id}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            blueprint = rule.endpoint.split(".")[0]
            if blueprint not in ("employer", "employer_public", "inbox") or "GET" not in rule.methods:
                continue
            if "which" in rule.arguments:
                urls += [url_for(rule.endpoint, which=w) for w in LISTS]
            elif rule.arguments <= set(values):
                urls.append(url_for(rule.endpoint, **{a: values[a] for a in rule.arguments}))
    return urls


def test_req_11_no_sensitive_field_or_note_appears_on_any_employer_page(app, cast, referred, client, login):
    login(cast.employer_user)
    urls = _employer_urls(app, cast.position, referred)
    assert len(urls) >= 10
    position_page = client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)
    assert "Nguyễn Văn Hùng" in position_page and "Ba năm làm ở mỏ đá" in position_page  # it does show the person
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        for secret in SENTINELS:
            assert secret not in page, (url, secret)
        if url.endswith(("/new", "/edit")):
            continue  # the position form lists every offence category, for the company's own exclusions
        for secret in FORBIDDEN:
            assert secret not in page, (url, secret)


def test_the_offence_category_shows_only_with_its_own_consent(app, cast, referred, client, login, give_consent):
    login(cast.employer_user)
    assert "Lừa đảo" not in client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)
    give_consent(cast.candidate, cast.employer, purpose="offence")
    assert "Lừa đảo" in client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)


def test_without_consent_the_company_sees_no_name(app, cast, referred, client, login):
    from marketplace.models import Consent

    with app.app_context():
        for consent in db.session.scalars(select(Consent)):
            consent.withdrawn_at = consent.created_at
        db.session.commit()
    login(cast.employer_user)
    page = client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)
    assert "Nguyễn Văn Hùng" not in page and f"Lượt giới thiệu số {referred}" in page


def test_another_company_gets_404_for_positions_and_referrals(app, cast, referred, client, login, make_position):
    draft = make_position(cast.employer, UONG_BI, status="draft", title="Bản nháp bí mật")
    login(cast.other_employer_user)
    for url in (f"/employer/positions/{cast.position}", f"/employer/positions/{cast.position}/edit",
                f"/positions/{draft}"):
        assert client.get(url).status_code == 404, url
    for action in ("publish", "pause", "close", "duplicate"):
        assert client.post(f"/employer/positions/{cast.position}/{action}").status_code == 404
    assert client.post(f"/referrals/{referred}/step", data={"to": "interview", "on": "2026-12-01"}).status_code == 404
    for which in LISTS:
        assert "Nguyễn" not in client.get(f"/employer/referrals/{which}").get_data(as_text=True)
    # The open job itself is public to every signed-in role, without anyone's data.
    public = client.get(f"/positions/{cast.position}").get_data(as_text=True)
    assert "Công nhân khai thác đá" in public and "Nguyễn Văn Hùng" not in public


def test_a_person_only_proposed_is_not_seen_by_the_company(app, cast, client, login, make_candidate):
    person = make_candidate(UONG_BI, full_name="Lê Thị Chưa Gửi", skills=["stone_cutting"])
    with app.app_context():
        referrals.propose(db.session.get(User, cast.caseworker), db.session.get(CandidateProfile, person),
                          db.session.get(Position, cast.position))
        db.session.commit()
    login(cast.employer_user)
    assert "Lê Thị Chưa Gửi" not in client.get(f"/employer/positions/{cast.position}").get_data(as_text=True)
    assert "<strong>0</strong> lượt giới thiệu chờ" in client.get("/employer/").get_data(as_text=True)


def test_dashboard_figures_match_the_lists_they_link_to(app, cast, referred, client, login, make_candidate,
                                                        give_consent):
    from datetime import timedelta

    from marketplace import clock

    second = make_candidate(UONG_BI, full_name="Phạm Văn Bình", skills=["stone_cutting"])
    give_consent(second, cast.employer)
    with app.app_context():
        actor = db.session.get(User, cast.caseworker)
        rid = referrals.propose(actor, db.session.get(CandidateProfile, second),
                                db.session.get(Position, cast.position)).id
        for target in ("approved", "sent"):
            referrals.transition(actor, db.session.get(Referral, rid), target)
        referrals.transition(db.session.get(User, cast.employer_user), db.session.get(Referral, rid), "hired",
                             referrals.StepInput(on=clock.today() - timedelta(days=40)))
        db.session.commit()
    login(cast.employer_user)
    home = client.get("/employer/").get_data(as_text=True)
    for which, expected in (("waiting", 1), ("checks", 1), ("interviews", 0)):
        assert f'href="/employer/referrals/{which}"><strong>{expected}</strong>' in home, which
        listed = client.get(f"/employer/referrals/{which}").get_data(as_text=True).count('class="card"')
        assert listed == expected, which
    open_list = client.get("/employer/positions?show=open").get_data(as_text=True)
    assert 'href="/employer/positions?show=open"><strong>1</strong>' in home
    assert open_list.count("/employer/positions/") - open_list.count("/employer/positions/new") == 1
