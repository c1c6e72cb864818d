"""The demo seed: a believable programme in an empty database, and refused everywhere else."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from marketplace import locations
from marketplace.extensions import db
from marketplace.models import (
    CandidateProfile, CaseNote, CaseworkerArea, Consent, Employer, Milestone, Position, Referral,
    ReferralEvent, RetentionCheck, SupportAction, User,
)
from marketplace.passwords import verify_password
from marketplace.services import demo
from matching.taxonomy import OFFENCE_CATEGORIES, SECTORS, SHIFTS, SKILLS

EXPECTED_LOGINS = [
    ("admin", "admin@loive.vn"), ("admin", "admin2@loive.vn"),
    ("caseworker", "canbo.uongbi@loive.vn"), ("caseworker", "canbo.phuly@loive.vn"),
    ("employer", "tuyendung@dakienkhe.vn"), ("employer", "nhansu@mayphuly.vn"),
    ("candidate", "0912000001"), ("candidate", "0912000002"),
]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@pytest.fixture
def seeded(app):
    """The demo programme, committed, inside an app context."""
    with app.app_context():
        demo.seed()
        db.session.commit()
        db.session.expire_all()
        yield


def test_seed_fills_the_programme(seeded):
    candidates = db.session.scalars(select(CandidateProfile)).all()
    positions = db.session.scalars(select(Position)).all()
    referrals = db.session.scalars(select(Referral)).all()
    assert len({c.province_code for c in candidates}) >= 4
    assert len(candidates) >= 180
    open_positions = [p for p in positions if p.status == "open"]
    assert len(open_positions) >= 35
    assert sum(p.kind == "training" for p in open_positions) >= 5
    assert any(p.status == "closed" for p in positions)
    assert len(referrals) >= 250
    statuses = Counter(r.status for r in referrals)
    assert statuses["hired"] and statuses["declined"] and statuses["withdrawn"] and statuses["left"]
    assert "suggested" not in statuses
    assert {"proposed", "approved", "sent", "interview"} <= set(statuses)
    assert _count(RetentionCheck, RetentionCheck.retained.is_(True))
    assert _count(RetentionCheck, RetentionCheck.retained.is_(False))
    assert _count(RetentionCheck, RetentionCheck.retained.is_(None), RetentionCheck.due_on <= date.today())
    for model in (CaseNote, SupportAction, Milestone):
        assert _count(model) > 0
    # The last fortnight's changes told people: some still unread, one outbox row each.
    from marketplace.models import Notification, OutboxMessage

    assert _count(Notification, Notification.read_at.is_(None)) > 0
    assert _count(Notification) == _count(OutboxMessage) > _count(Notification, Notification.read_at.is_(None))
    assert _count(Employer, Employer.verified_at.is_(None)) >= 1
    assert _count(Employer, Employer.verified_at.is_not(None)) >= 8
    assert 0.3 <= _count(User, User.role == "candidate") / len(candidates) <= 0.6


def test_seeded_data_is_consistent(seeded):
    candidates = db.session.scalars(select(CandidateProfile)).all()
    positions = db.session.scalars(select(Position)).all()
    employers = db.session.scalars(select(Employer)).all()
    areas = db.session.scalars(select(CaseworkerArea)).all()

    # Every stored (province, commune) pair is real.
    for row in [*candidates, *positions, *employers, *areas]:
        assert locations.is_valid_pair(row.province_code, row.ward_code), row
    # Codes come from the shared vocabulary.
    assert {e.sector for e in employers} <= set(SECTORS)
    for p in positions:
        assert p.sector in SECTORS and p.shift in SHIFTS
        assert set(p.required_skills + p.preferred_skills) <= set(SKILLS)
        assert set(p.excluded_offences) <= set(OFFENCE_CATEGORIES)
    assert len({e.tax_code for e in employers}) == len(employers)
    assert all(len(e.tax_code) == 10 and e.tax_code.isdigit() for e in employers)

    covered = {a.caseworker_id: set() for a in areas}
    for a in areas:
        covered[a.caseworker_id].add(a.ward_code)
    for c in candidates:
        assert set(c.skills) <= set(SKILLS) and set(c.desired_sectors) <= set(SECTORS)
        assert c.ward_code in covered[c.caseworker_id], "a caseworker of that commune"
        if c.legal_status == "expunged":  # purged: no conviction data is kept
            assert c.offence_category is None and c.release_date is None
            assert c.expungement_date is not None
        else:
            assert c.offence_category in OFFENCE_CATEGORIES

    now = datetime.now(timezone.utc)
    cutoff = now - timedelta(days=demo.CURRENT_HIRE_DAYS + 1)
    pairs = set()
    for p in positions:
        assert 0 <= p.filled <= p.seats
        current = 0
        for r in p.referrals:
            assert (r.candidate_id, r.position_id) not in pairs
            pairs.add((r.candidate_id, r.position_id))
            times = [_utc(e.at) for e in r.events]
            assert times == sorted(times) and times[-1] <= now
            assert r.events[-1].to_status == r.status
            assert (r.status == "declined") == (r.decline_reason is not None)
            if r.status in ("hired", "left"):
                answered = [check for check in r.retention_checks if check.answered]
                assert all(_utc(check.checked_at) <= now for check in answered)
                # A "no" at a check is what ends a placement, and nothing is asked after it.
                assert (r.status == "left") == any(c.retained is False for c in answered)
                assert r.status == "left" or [c.day for c in r.retention_checks] == [30, 90, 180]
                current += r.status == "hired" and _utc(r.hired_at) >= cutoff
        assert current <= p.seats, f"{p.title} is overfilled"
    # Referrals reach an employer only with the candidate's consent to that employer.
    sent = db.session.execute(
        select(Referral.candidate_id, Position.employer_id).join(Position)
        .join(ReferralEvent).where(ReferralEvent.to_status == "sent")).all()
    consented = set(db.session.execute(
        select(Consent.candidate_id, Consent.employer_id).where(Consent.purpose == "employer")))
    assert set(sent) <= consented


def test_demo_logins_and_refusal_to_seed_twice(app):
    with app.app_context():
        logins = demo.seed()
        db.session.commit()
        assert [(entry.role, entry.login) for entry in logins] == EXPECTED_LOGINS
        for entry in logins:
            user = db.session.scalar(
                select(User).where((User.email == entry.login) | (User.phone == entry.login)))
            assert user is not None and user.role == entry.role and user.full_name == entry.name
            assert verify_password(user.password_hash, entry.password)[0]
            if entry.role == "candidate":
                purposes = {c.purpose for c in user.candidate.consents}
                assert {"profile", "model_use"} <= purposes
                caseworker = user.candidate.caseworker
                assert caseworker.email in ("canbo.uongbi@loive.vn", "canbo.phuly@loive.vn")
                assert user.candidate.ward_code in caseworker.caseworker.ward_codes
        assert not demo.is_empty()
        users = _count(User)

        with pytest.raises(demo.DemoRefused):
            demo.seed()
        db.session.rollback()
        assert _count(User) == users


def test_refused_without_demo_mode(app):
    app.config["DEMO_MODE"] = False
    with app.app_context():
        with pytest.raises(demo.DemoRefused):
            demo.seed()
        assert demo.is_empty()


def test_refused_outside_debug_and_testing(app):
    app.testing = False
    app.debug = False
    with app.app_context():
        with pytest.raises(demo.DemoRefused):
            demo.seed()
        assert demo.is_empty()


def test_demo_ensure_seeds_trains_and_every_printed_login_reaches_its_home(app, tmp_path):
    app.config["MODELS_DIR"] = str(tmp_path / "models")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "ensure"])
    assert first.exit_code == 0, first.output
    assert "Demo programme seeded" in first.output and "ranking model" in first.output
    homes = {"admin": "/admin/", "caseworker": "/casework/", "employer": "/employer/", "candidate": "/me/"}
    for role, login in EXPECTED_LOGINS:
        assert login in first.output
        client = app.test_client()
        response = client.post("/login", data={"login": login, "password": demo.DEMO_PASSWORD})
        assert response.location.endswith(homes[role]), login
        assert client.get(homes[role]).status_code == 200, login
    again = runner.invoke(args=["demo", "ensure"])
    assert again.exit_code == 0 and "seeded" not in again.output
    assert all(login in again.output for _, login in EXPECTED_LOGINS)


def test_the_demo_candidate_sees_suggestions_with_reasons(app, tmp_path):
    app.config["MODELS_DIR"] = str(tmp_path / "models")
    with app.app_context():
        demo.seed()
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"login": "0912000001", "password": demo.DEMO_PASSWORD})
    page = client.get("/me/").get_data(as_text=True)
    assert "Gợi ý cho bạn" in page and "Chưa có gợi ý nào" not in page
    assert 'class="reasons"' in page
