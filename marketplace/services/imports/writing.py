"""Writing a plan: a pending upload kept server-side for its preview (nothing about people is
written), then confirmed once, re-planned against the database as it stands, written in batches,
recorded and audited."""
from __future__ import annotations

import secrets
from datetime import timedelta, timezone

from sqlalchemy import delete, insert, select, update

from ... import audit, clock
from ...extensions import db
from ...models import CandidateProfile, CaseloadImport, User
from .columns import LEGAL_KEYS, match_headers
from .planning import Plan, plan
from .reading import Table, read_table

PENDING_FOR = timedelta(days=1)
BATCH = 1000


def apply(actor: User | None, planned: Plan, progress=None) -> dict[str, int]:
    """Write the plan's creates and updates in batches (rows with errors are left out); flush,
    never commit. Returns the counts."""
    now = clock.now()
    lead = actor.id if actor is not None and actor.role == "caseworker" else None
    creates = [{**r.values, "caseworker_id": lead, "self_registered": False, "created_at": now,
                "updated_at": now} for r in planned.rows if r.action == "create"]
    updates = [r for r in planned.rows if r.action == "update"]
    for start in range(0, len(creates), BATCH):
        db.session.execute(insert(CandidateProfile), creates[start:start + BATCH])
        if progress is not None:
            progress(len(creates[start:start + BATCH]))
    # Bulk UPDATE by primary key, grouped by the set of columns that change.
    groups: dict[tuple[str, ...], list[dict]] = {}
    for r in updates:
        groups.setdefault(tuple(sorted(r.values)), []).append({"id": r.target_id, **r.values, "updated_at": now})
    for batch in groups.values():
        for start in range(0, len(batch), BATCH):
            db.session.execute(update(CandidateProfile), batch[start:start + BATCH])
            if progress is not None:
                progress(len(batch[start:start + BATCH]))
    db.session.flush()
    return planned.counts


# --- the pending upload and its record -----------------------------------------------------------

def start(actor: User | None, file_name: str, data: bytes) -> CaseloadImport:
    """Read the file and keep it, pending, for its preview; nothing about people is written.
    Raises ImportFileError. Pending uploads older than a day are dropped on the way."""
    table = read_table(data, file_name)
    match_headers(table.headers)
    purge_pending()
    pending = CaseloadImport(token=secrets.token_urlsafe(18), user_id=actor.id if actor else None,
                             file_name=(file_name or "")[-200:], status="pending", rows=len(table.rows),
                             payload=table.to_json())
    db.session.add(pending)
    db.session.flush()
    return pending


def purge_pending(now=None) -> int:
    """Delete uploads left unconfirmed for more than a day: they hold the list's personal data."""
    return db.session.execute(delete(CaseloadImport).where(
        CaseloadImport.status == "pending",
        CaseloadImport.created_at < (now or clock.now()) - PENDING_FOR)).rowcount


def find(actor: User | None, token: str) -> CaseloadImport | None:
    """The actor's own upload with this token (pending, or done), else None: another person's
    upload, or one left pending for more than a day, is not there."""
    found = db.session.scalar(select(CaseloadImport).where(CaseloadImport.token == token))
    if found is None or found.user_id != (actor.id if actor else None):
        return None
    created = found.created_at if found.created_at.tzinfo else found.created_at.replace(tzinfo=timezone.utc)
    if found.status == "pending" and created < clock.now() - PENDING_FOR:
        return None
    return found


def preview(actor: User | None, pending: CaseloadImport, progress=None) -> Plan:
    return plan(actor, Table.from_json(pending.payload), progress)


def confirm(actor: User | None, pending: CaseloadImport, progress=None,
            planned: Plan | None = None) -> CaseloadImport | None:
    """Apply a pending upload as the database stands now (or `planned`, a plan of it just made in
    the same transaction), record it and audit it. A second press (or a second worker) finds it no
    longer pending and returns None."""
    taken = db.session.execute(
        update(CaseloadImport).where(CaseloadImport.id == pending.id, CaseloadImport.status == "pending")
        .values(status="done", finished_at=clock.now()).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    planned = planned or plan(actor, Table.from_json(pending.payload))
    counts = apply(actor, planned, progress)
    db.session.execute(update(CaseloadImport).where(CaseloadImport.id == pending.id).values(
        created=counts["create"], updated=counts["update"], unchanged=counts["unchanged"],
        errors=counts["error"], payload=None).execution_options(synchronize_session=False))
    db.session.refresh(pending)
    categories = ["identity", "contact"] + (["conviction"] if planned.keys & set(LEGAL_KEYS) else [])
    audit.record("import_caseload", "caseload_import", pending.id, categories=categories,
                 purpose="case_management", actor=actor)
    db.session.flush()
    return pending


def last_imports(limit: int = 10) -> list[tuple[CaseloadImport, User | None]]:
    """The latest confirmed imports with who made them, newest first (the admin's overview)."""
    rows = db.session.execute(
        select(CaseloadImport, User).outerjoin(User, User.id == CaseloadImport.user_id)
        .where(CaseloadImport.status == "done").order_by(CaseloadImport.finished_at.desc(),
                                                         CaseloadImport.id.desc()).limit(limit))
    return [(i, u) for i, u in rows]
