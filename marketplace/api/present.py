"""Turning rows and matches into the API's shapes."""
from __future__ import annotations

from ..services import consents, vocabulary
from ..services.referral_states import open_referral_counts
from .schemas import PositionOut, ReferralOut


def positions(rows) -> list[dict]:
    schema = PositionOut()
    schema.counts = open_referral_counts([p.id for p in rows])
    return schema.dump(rows, many=True)


def position(row) -> dict:
    return positions([row])[0]


def reasons(match) -> list[dict]:
    return [{"code": r.code, "text": vocabulary.explain(r)} for r in match.reasons]


def suggestions(found) -> list[dict]:
    return [{"position_id": s.position.id, "title": s.position.title, "employer": s.position.employer.name,
             "score": s.match.score, "reasons": reasons(s.match)} for s in found]


def referral(row) -> dict:
    return ReferralOut().dump(row)


def company_referral(row, decisions: set | None = None) -> dict:
    """A referral as its company sees it: the person's fields only as far as they consented, and
    its history from the sending on, with notes only of the company's own people (what the
    caseworker wrote while preparing it is not the company's to read). `decisions`: the people's
    consents read at once for a list (`consents.active_decisions`)."""
    view = consents.employer_view(row, decisions)
    person = {"shared": view.shared, **view.fields, "offence_category": view.offence_category}
    body = ReferralOut().dump(row)
    members = {m.user_id for m in row.position.employer.members}
    sent_at = next((i for i, e in enumerate(row.events) if e.to_status == "sent"), len(row.events))
    body["events"] = [{**shown, "note": shown["note"] if event.actor_id in members else "",
                       "actor": shown["actor"] if event.actor_id in members else None}
                      for event, shown in zip(row.events[sent_at:], body["events"][sent_at:], strict=True)]
    return {**body, "person": person}
