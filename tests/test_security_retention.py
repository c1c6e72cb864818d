"""Retention [SECURITY 23]: `flask privacy purge` removes each class of data past its period, and
only that. One test per rule, each with a row just inside its period that must stay."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace import clock
from marketplace.cli import privacy_purge
from marketplace.extensions import db
from marketplace.models import (
    ApiToken, CandidateProfile, Consent, EmployerInvitation, Exposure, LoginCounter,
    Notification, OneTimeCode, OutboxMessage, Referral, ReferralEvent,
)
from marketplace.services import retention

SENTINEL = "SENTINEL-RETENTION-9K"


def _purge(app) -> str:
    result = app.test_cli_runner().invoke(privacy_purge)
    assert result.exit_code == 0, result.output
    return result.output


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def ended(app, cast):
    """A referral of the cast's person to the quarry, ended `days` ago with `status`, with what the
    company saw of it: a member's notification and note, the candidate-list exposure; and the
    caseworker's own notification about it."""

    def make(days: int, status: str = "declined") -> int:
        with app.app_context():
            when = clock.now() - timedelta(days=days)
            referral = Referral(candidate_id=cast.candidate, position_id=cast.position, status=status,
                                decline_reason="skills" if status == "declined" else None,
                                created_at=when, updated_at=when)
            db.session.add(referral)
            db.session.flush()
            db.session.add_all([
                Notification(recipient_id=cast.employer_user, template="referral_sent",
                             params={"candidate": SENTINEL}, referral_id=referral.id),
                Notification(recipient_id=cast.caseworker, template="referral_declined",
                             params={"candidate": SENTINEL}, referral_id=referral.id),
                ReferralEvent(referral_id=referral.id, from_status="interview", to_status=status,
                              actor_id=cast.employer_user, note=SENTINEL, at=when),
                ReferralEvent(referral_id=referral.id, from_status="approved", to_status="sent",
                              actor_id=cast.caseworker, note="Gửi hồ sơ", at=when),
                Exposure(viewer_id=cast.employer_user, surface="position_candidates",
                         candidate_id=cast.candidate, position_id=cast.position, rank=1, score=0.5,
                         model_version="m"),
            ])
            db.session.commit()
            # The row's onupdate stamp would move the end to today: set it once more, by hand.
            db.session.execute(Referral.__table__.update().where(Referral.__table__.c.id == referral.id)
                               .values(updated_at=when))
            db.session.commit()
            return referral.id

    return make


def _company_view(app, cast, referral_id: int) -> tuple[int, int, int]:
    return (_count(app, Notification, Notification.recipient_id == cast.employer_user),
            _count(app, ReferralEvent, ReferralEvent.note == SENTINEL),
            _count(app, Exposure, Exposure.surface == "position_candidates"))


def test_req_23_what_a_company_saw_of_an_unhired_referral_is_purged_after_retention(app, cast, ended):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS + 1)
    assert _company_view(app, cast, referral) == (1, 1, 1)
    _purge(app)
    assert _company_view(app, cast, referral) == (0, 0, 0)
    # The caseworker's record and the outcome stay.
    assert _count(app, Notification, Notification.recipient_id == cast.caseworker) == 1
    assert _count(app, ReferralEvent, ReferralEvent.note == "Gửi hồ sơ") == 1
    assert _count(app, Referral, Referral.id == referral, Referral.status == "declined") == 1


def test_req_23_a_withdrawn_referral_is_purged_like_a_declined_one(app, cast, ended):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS + 1, "withdrawn")
    _purge(app)
    assert _company_view(app, cast, referral) == (0, 0, 0)


def test_req_23_an_unhired_referral_is_kept_within_its_retention_period(app, cast, ended):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS - 1)
    _purge(app)
    assert _company_view(app, cast, referral) == (1, 1, 1)


@pytest.mark.parametrize("for_this_company", [True, False])
def test_req_23_an_unhired_referral_is_kept_when_the_person_agreed(app, cast, ended, for_this_company):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS + 10)
    with app.app_context():
        db.session.add(Consent(candidate_id=cast.candidate, purpose="keep_after_referral",
                               employer_id=cast.employer if for_this_company else None,
                               notice_version="2026-01"))
        db.session.commit()
    _purge(app)
    assert _company_view(app, cast, referral) == (1, 1, 1)


def test_req_23_a_consent_for_another_company_does_not_keep_it(app, cast, ended):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS + 10)
    with app.app_context():
        db.session.add(Consent(candidate_id=cast.candidate, purpose="keep_after_referral",
                               employer_id=cast.other_employer, notice_version="2026-01"))
        db.session.commit()
    _purge(app)
    assert _company_view(app, cast, referral) == (0, 0, 0)


def test_req_23_a_hire_is_not_an_unhired_referral(app, cast, ended):
    referral = ended(retention.UNHIRED_REFERRAL_DAYS + 100, "hired")
    _purge(app)
    assert _company_view(app, cast, referral) == (1, 1, 1)


def test_req_23_expired_one_time_codes_are_purged(app, cast, make_candidate):
    now = clock.now()
    with app.app_context():
        db.session.add_all([
            OneTimeCode(phone="0912000901", ip="1.2.3.4", code_hash="a" * 64, expires_at=now - timedelta(days=2)),
            OneTimeCode(phone="0912000902", ip="1.2.3.4", code_hash="b" * 64, expires_at=now - timedelta(hours=2)),
            EmployerInvitation(employer_id=cast.employer, login="a@example.vn", code_hash="c" * 64,
                               expires_at=now - timedelta(days=retention.INVITATION_DAYS + 1)),
            EmployerInvitation(employer_id=cast.employer, login="b@example.vn", code_hash="d" * 64,
                               expires_at=now - timedelta(days=retention.INVITATION_DAYS + 1),
                               used_at=now - timedelta(days=40), used_by_id=cast.employer_user),
        ])
        db.session.commit()
    expired = make_candidate(claim_code_hash="e" * 64, claim_code_expires_at=now - timedelta(minutes=1))
    valid = make_candidate(claim_code_hash="f" * 64, claim_code_expires_at=now + timedelta(days=3))
    _purge(app)
    with app.app_context():
        assert list(db.session.scalars(select(OneTimeCode.phone))) == ["0912000902"]
        assert list(db.session.scalars(select(EmployerInvitation.login))) == ["b@example.vn"]
        assert db.session.get(CandidateProfile, expired).claim_code_hash is None
        assert db.session.get(CandidateProfile, valid).claim_code_hash == "f" * 64


def test_req_23_old_exposure_log_rows_are_purged(app, cast):
    from marketplace.services import exposure

    now = clock.now()
    with app.app_context():
        for days in (exposure.KEEP_DAYS + 1, exposure.KEEP_DAYS - 1):
            db.session.add(Exposure(shown_at=now - timedelta(days=days), surface="candidate_home",
                                    candidate_id=cast.candidate, position_id=cast.position, rank=1,
                                    score=0.4, model_version=str(days)))
        db.session.commit()
    _purge(app)
    with app.app_context():
        assert list(db.session.scalars(select(Exposure.model_version))) == [str(exposure.KEEP_DAYS - 1)]


def test_req_23_expired_and_revoked_api_tokens_are_purged(app, cast):
    now = clock.now()
    old = now - timedelta(days=retention.API_TOKEN_DAYS + 1)
    with app.app_context():
        db.session.add_all([
            ApiToken(user_id=cast.caseworker, token_hash="1" * 64, session_token="s", expires_at=old),
            ApiToken(user_id=cast.caseworker, token_hash="2" * 64, session_token="s",
                     expires_at=now + timedelta(days=1), revoked_at=old),
            ApiToken(user_id=cast.caseworker, token_hash="3" * 64, session_token="s",
                     expires_at=now + timedelta(days=1)),
        ])
        db.session.commit()
    _purge(app)
    with app.app_context():
        assert list(db.session.scalars(select(ApiToken.token_hash))) == ["3" * 64]


def test_req_23_delivered_outbox_messages_are_purged_pending_ones_kept(app, cast):
    old = clock.now() - timedelta(days=retention.OUTBOX_DAYS + 1)
    with app.app_context():
        for status in ("sent", "failed", "pending"):
            db.session.add(OutboxMessage(recipient_id=cast.caseworker, address="0912000001", channel="sms",
                                         template="referral_sent", params={"candidate": SENTINEL},
                                         status=status, created_at=old))
        db.session.add(OutboxMessage(recipient_id=cast.caseworker, address="0912000001", channel="sms",
                                     template="referral_sent", status="sent"))
        db.session.commit()
    _purge(app)
    with app.app_context():
        assert sorted(db.session.scalars(select(OutboxMessage.status))) == ["pending", "sent"]


def test_req_23_stale_login_counters_are_purged(app, cast):
    now = clock.now()
    with app.app_context():
        db.session.add_all([
            LoginCounter(key="pair:old|1.2.3.4", window_start=now - timedelta(days=2), count=5),
            LoginCounter(key="pair:new|1.2.3.4", window_start=now - timedelta(minutes=5), count=2),
            # Claim and invitation codes count in the same table under their own keys.
            LoginCounter(key="pair:join:old@example.vn|1.2.3.4", window_start=now - timedelta(days=2), count=3),
            LoginCounter(key="pair:claim:0978123456|1.2.3.4", window_start=now - timedelta(minutes=5), count=1),
        ])
        db.session.commit()
    _purge(app)
    with app.app_context():
        assert sorted(db.session.scalars(select(LoginCounter.key))) == [
            "pair:claim:0978123456|1.2.3.4", "pair:new|1.2.3.4"]


def test_req_23_ended_sessions_are_purged(app, cast, login, clock_at):
    from marketplace.models import UserSession

    login(cast.caseworker)
    clock_at.advance(hours=13)
    _purge(app)
    assert _count(app, UserSession) == 0


def test_req_23_the_purge_reports_every_rule(app, cast):
    output = _purge(app)
    for name in retention.RULES:
        assert f"{name}: " in output
