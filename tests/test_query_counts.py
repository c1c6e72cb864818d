"""SQL statements per page do not grow with the rows a page shows (no N+1).

Each page is requested on the demo programme, then on the demo plus generated people, positions
and referrals (and more referrals on the pages' own person and position); the statements of the
second request of each page (the first builds the worker's indexes) are counted with a
`before_cursor_execute` listener. The larger world shows more rows than the bound on every page
that lists rows, so a query per row would break it.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, insert, select

from marketplace import clock
from marketplace.extensions import db
from marketplace.models import (
    CandidateProfile, Consent, Position, Referral, ReferralEvent, User,
)
from marketplace.services import demo
from marketplace.services.demo.scale import scale
from marketplace.services.ranking.suggestions import INDEX_KEY, POOLS_KEY

from .conftest import _reset

EMPLOYER, CANDIDATE = "tuyendung@dakienkhe.vn", "0912000001"
# Statements per page (the sign-in check, the page's own queries, the unread count); the larger
# world lists 25 people on the caseload, 10 ranked people and dozens of referrals.
BOUNDS = {
    "candidate: suggestions": 18,   # + the person's company history and the trainings leading to jobs (matching v2)
    "caseworker: today panel": 9,
    "caseworker: caseload filtered": 9,
    "caseworker: record": 9,
    "caseworker: record, referrals tab": 24,   # + history and linked trainings (matching v2)
    "caseworker: ranked candidates": 15,   # + the trainings leading to jobs (matching v2)
    "employer: dashboard": 12,
    "employer: position with referrals": 14,
    "API: employer's referrals": 14,   # person, events, company and members, consents: per page
    "API: caseload": 8,
    "API: my suggestions": 18,
    "API: ranked candidates": 15,
}


def _build(app, positions: int, people: int, extra: int) -> dict[str, tuple[str, str]]:
    """The world, with `extra` more referrals sent to one of the employer's positions and `extra`
    more approved referrals of the caseworker's person; returns each page's (login, url)."""
    with app.app_context():
        scale(positions, people, seed=11)
        db.session.flush()
        person = db.session.scalar(select(CandidateProfile).join(User, User.id == CandidateProfile.user_id)
                                   .where(User.phone == CANDIDATE))
        worker = person.caseworker  # one of the demo caseworkers
        wards = [a.ward_code for a in worker.caseworker.areas]
        provinces = {a.province_code for a in worker.caseworker.areas}
        member = db.session.scalar(select(User).where(User.email == EMPLOYER))
        own = db.session.scalar(select(Position).where(Position.employer_id == member.membership.employer_id,
                                                       Position.status == "open").order_by(Position.id))
        others = db.session.scalars(select(CandidateProfile.id).where(
            CandidateProfile.ward_code.in_(wards), CandidateProfile.id != person.id,
            CandidateProfile.id.not_in(select(Referral.candidate_id).where(Referral.position_id == own.id)))
            .order_by(CandidateProfile.id).limit(extra)).all()
        taken = select(Referral.position_id).where(Referral.candidate_id == person.id)
        elsewhere = db.session.scalars(select(Position.id).where(
            Position.status == "open", Position.id.not_in(taken)).order_by(Position.id).limit(extra)).all()
        _refer([(cid, own.id) for cid in others], "sent", worker.id, member.membership.employer_id)
        _refer([(person.id, pid) for pid in elsewhere], "approved", worker.id, None)
        db.session.commit()
        ranked_position = db.session.scalar(select(Position.id).where(
            Position.status == "open", Position.province_code.in_(provinces)).order_by(Position.id))
        caseworker = worker.email
        return {
            "candidate: suggestions": (CANDIDATE, "/me/"),
            "caseworker: today panel": (caseworker, "/casework/"),
            "caseworker: caseload filtered": (caseworker, "/casework/?show=visits_due"),
            "caseworker: record": (caseworker, f"/casework/candidates/{person.id}"),
            "caseworker: record, referrals tab": (caseworker, f"/casework/candidates/{person.id}/referrals"),
            "caseworker: ranked candidates": (caseworker, f"/casework/positions/{ranked_position}"),
            "employer: dashboard": (EMPLOYER, "/employer/"),
            "employer: position with referrals": (EMPLOYER, f"/employer/positions/{own.id}"),
            "API: employer's referrals": (EMPLOYER, "/api/v1/referrals"),
            "API: caseload": (caseworker, "/api/v1/candidates"),
            "API: my suggestions": (CANDIDATE, "/api/v1/me/suggestions"),
            "API: ranked candidates": (caseworker, f"/api/v1/positions/{ranked_position}/candidates"),
        }


def _refer(pairs, status: str, caseworker_id: int, employer_id: int | None) -> None:
    """Referrals in bulk, with their events and (once sent) the person's consent to the company."""
    now = clock.now() - timedelta(days=1)
    path = ("proposed", "approved", "sent")[:("proposed", "approved", "sent").index(status) + 1]
    for candidate_id, position_id in pairs:
        referral_id = db.session.execute(insert(Referral).values(
            candidate_id=candidate_id, position_id=position_id, status=status, created_by_id=caseworker_id,
            created_at=now, updated_at=now).returning(Referral.id)).scalar_one()
        db.session.execute(insert(ReferralEvent), [
            dict(referral_id=referral_id, from_status=prev, to_status=step, actor_id=caseworker_id, at=now, note="")
            for prev, step in zip((None,) + path, path)])
        if employer_id is not None:
            db.session.execute(insert(Consent).values(candidate_id=candidate_id, purpose="employer",
                                                      employer_id=employer_id, notice_version="2026-01",
                                                      created_at=now))


def _measure(app, pages) -> dict[str, int]:
    counts, statements = {}, []
    with app.app_context():
        engine = db.engine

    def count(*_args) -> None:
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for name, (login, url) in pages.items():
            client, headers = app.test_client(), {}
            if url.startswith("/api/"):
                answer = client.post("/api/v1/tokens", json={"login": login, "password": demo.DEMO_PASSWORD})
                headers["Authorization"] = f"Bearer {answer.json['token']}"
            else:
                client.post("/login", data={"login": login, "password": demo.DEMO_PASSWORD})
            assert client.get(url, headers=headers).status_code == 200, url
            statements.clear()
            assert client.get(url, headers=headers).status_code == 200, url
            counts[name] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counts


def _fresh(app) -> None:
    _reset(app)
    for key in (INDEX_KEY, POOLS_KEY):
        app.extensions.pop(key, None)
    with app.app_context():
        db.create_all()


def test_statements_per_page_stay_under_a_bound_that_does_not_grow_with_rows(app):
    small = _measure(app, _build(app, positions=0, people=0, extra=2))
    _fresh(app)
    large_pages = _build(app, positions=150, people=900, extra=30)
    large = _measure(app, large_pages)
    with app.app_context():  # the larger world really is larger where the pages list rows
        assert db.session.scalar(select(CandidateProfile.id).order_by(CandidateProfile.id.desc())) > 1000
    for name, bound in BOUNDS.items():
        assert small[name] <= bound and large[name] <= bound, (name, small[name], large[name], bound)
