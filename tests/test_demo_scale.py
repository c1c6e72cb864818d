"""`flask demo scale`: the demo programme plus province-scale generated data, in bulk."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import (
    CandidateProfile, Consent, Employer, Position, Referral, ReferralEvent, RetentionCheck, User,
)
from marketplace.services import demo

from .test_demo_seed import EXPECTED_LOGINS

SMALL = ["demo", "scale", "--positions", "50", "--candidates", "200", "--seed", "7"]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _scaled(app):
    result = app.test_cli_runner().invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    return result


def test_scale_adds_the_generated_rows_on_top_of_the_demo(app):
    with app.app_context():
        demo.seed()
        base = {m: _count(m) for m in (Position, CandidateProfile, Employer, Referral)}
        db.session.rollback()
    result = _scaled(app)
    assert "50 positions, 200 people" in result.output
    with app.app_context():
        # The generated people are the last 200 made (ids are not reused after the rollback above).
        generated = select(CandidateProfile.id).order_by(CandidateProfile.id.desc()).limit(200).subquery()
        first_generated = db.session.scalar(select(func.min(generated.c.id)))
        assert _count(Position) == base[Position] + 50
        assert _count(CandidateProfile) == base[CandidateProfile] + 200
        assert _count(Employer) == base[Employer] + 50 // 8
        referrals = _count(Referral) - base[Referral]
        assert 50 <= referrals <= 100  # half a referral per person, less the pairs the rules refuse
        # Every referral has its path of events; hires have their retention checks.
        assert _count(ReferralEvent) >= _count(Referral) * 2 - _count(Referral, Referral.status == "proposed")
        hired = select(Referral.id).where(Referral.status.in_(("hired", "left")))
        assert _count(RetentionCheck, RetentionCheck.referral_id.in_(hired)) > 0
        # Seats never overfill, and the generated people live in the four demo provinces.
        assert _count(Position, Position.filled > Position.seats) == 0
        provinces = set(db.session.scalars(select(CandidateProfile.province_code).distinct()))
        assert provinces == {22, 37, 40, 79}
        # Nothing reached an employer without the person's consent to that company.
        sent = set(db.session.execute(
            select(Referral.candidate_id, Position.employer_id).join(Position)
            .join(ReferralEvent).where(ReferralEvent.to_status == "sent")).all())
        consented = set(db.session.execute(
            select(Consent.candidate_id, Consent.employer_id).where(Consent.purpose == "employer")))
        assert sent <= consented
        # No generated person holds two jobs at once.
        per_person = (select(Referral.candidate_id).where(Referral.status == "hired",
                                                          Referral.candidate_id >= first_generated)
                      .group_by(Referral.candidate_id).having(func.count() > 1))
        assert db.session.scalars(per_person).all() == []


def test_scale_keeps_the_demo_logins_and_the_demo_candidate_has_suggestions(app):
    result = _scaled(app)
    for role, login in EXPECTED_LOGINS:
        assert login in result.output
        client = app.test_client()
        response = client.post("/login", data={"login": login, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302 and "/login" not in response.location, login
    client = app.test_client()
    client.post("/login", data={"login": "0912000001", "password": demo.DEMO_PASSWORD})
    page = client.get("/me/")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('href="/me/positions/') >= 3


def test_generated_accounts_cannot_be_signed_in_to(app):
    _scaled(app)
    with app.app_context():
        generated = db.session.scalar(select(User).where(User.phone.like("059%")).limit(1))
        assert generated is not None and generated.candidate is not None
        phone = generated.phone
    response = app.test_client().post("/login", data={"login": phone, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 200  # the form again: a wrong password


def test_scale_is_refused_without_demo_mode(app):
    app.config["DEMO_MODE"] = False
    result = app.test_cli_runner().invoke(args=SMALL)
    assert result.exit_code != 0 and "DEMO_MODE" in result.output
    with app.app_context():
        assert demo.is_empty()


def test_scale_is_refused_outside_development(app):
    app.testing = False
    app.debug = False
    result = app.test_cli_runner().invoke(args=SMALL)
    assert result.exit_code != 0
    with app.app_context():
        assert demo.is_empty()


def test_scale_is_refused_on_a_database_with_data(app):
    _scaled(app)
    with app.app_context():
        users = _count(User)
    result = app.test_cli_runner().invoke(args=SMALL)
    assert result.exit_code != 0 and "not empty" in result.output
    with app.app_context():
        assert _count(User) == users


def test_scaled_people_live_in_every_commune_each_in_a_caseworkers_care(app):
    """A caseload is a commune's, as in a province: people spread over the communes of the four
    provinces, each in the care of a caseworker of their commune (generated where the demo has
    none), and the demo's caseworker does not hold the whole province."""
    from marketplace import locations
    from marketplace.models.users import CaseworkerArea

    _scaled(app)
    with app.app_context():
        wards = set(db.session.scalars(select(CandidateProfile.ward_code).distinct()))
        assert len(wards) > 100  # 200 people over the ~400 communes of the four provinces
        covered = set(db.session.scalars(select(CaseworkerArea.ward_code)))
        assert wards <= covered
        every = {w for p in (22, 37, 40, 79) for w, _ in locations.wards_of(p)}
        assert covered == every
        # Each person's caseworker covers the person's commune.
        outside = db.session.scalar(
            select(func.count()).select_from(CandidateProfile)
            .where(CandidateProfile.caseworker_id.is_not(None),
                   ~select(CaseworkerArea.id).where(CaseworkerArea.caseworker_id == CandidateProfile.caseworker_id,
                                                    CaseworkerArea.ward_code == CandidateProfile.ward_code).exists()))
        assert outside == 0
        # One generated caseworker for each commune no demo caseworker covers.
        assert _count(User, User.email.like("%@scale.loive.vn"), User.role == "caseworker") == len(every - set(
            db.session.scalars(select(CaseworkerArea.ward_code).join(User, User.id == CaseworkerArea.caseworker_id)
                               .where(~User.email.like("%@scale.loive.vn")))))
