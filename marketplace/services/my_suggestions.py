"""The person's suggestions as cards they can act on: reasons, missing skills with the training
that teaches them, training first for someone whose skills match nothing, and "not for me"."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from matching.taxonomy import SECTOR_SKILLS

from .. import clock
from ..extensions import db
from ..models import CandidateProfile, Consent, HiddenPosition, Position, User
from . import exposure, ranking
from .sql import insert_unless_exists

SURFACE = "candidate_home"
MOST_REASONS = 3


class NotFound(Exception):
    """The position is not open to this person (closed, excluded by law or the company's rules)."""


@dataclass(frozen=True)
class Card:
    position: Position
    match: object
    missing: tuple[str, ...]          # required skills the person does not have
    teaching: Position | None         # an open training seat that teaches one of them


def teaches(training: Position, skill: str) -> bool:
    """A training seat teaches the skills it lists, or else the usual skills of its sector."""
    listed = set(training.required_skills or ()) | set(training.preferred_skills or ())
    return skill in (listed or set(SECTOR_SKILLS.get(training.sector, ())))


def training_first_if_nothing_matches(suggestions: list, skills) -> list:
    """For someone whose skills meet no suggested job's required skills, what teaches a trade
    comes first (in the ranker's order); otherwise the ranker's order stands."""
    have = set(skills or ())
    if any(have & set(s.position.required_skills or ()) for s in suggestions if s.position.kind == "job"):
        return list(suggestions)
    return sorted(suggestions, key=lambda s: s.position.kind != "training")


def cards_for(actor: User, profile: CandidateProfile) -> list[Card]:
    """The suggestions shown on the person's home page; logs them in the exposure log."""
    suggestions = training_first_if_nothing_matches(ranking.suggestions_for(profile), profile.skills)
    have = set(profile.skills or ())
    missing_of = {s.position.id: tuple(k for k in (s.position.required_skills or ()) if k not in have)
                  for s in suggestions}
    wanted = {k for missing in missing_of.values() for k in missing}
    trainings = _open_trainings(profile, [s.position for s in suggestions], wanted) if wanted else []
    cards = []
    for s in suggestions:
        missing = missing_of[s.position.id]
        teaching = next((t for t in trainings if any(teaches(t, k) for k in missing)), None) if missing else None
        cards.append(Card(s.position, s.match, missing, teaching))
    exposure.record_positions(actor, SURFACE, profile.id, suggestions)
    return cards


def _open_trainings(profile: CandidateProfile, shown: list[Position], wanted: set[str]) -> list[Position]:
    """Training seats the person may take that teach a skill in `wanted`: those shown first, then
    for each skill still untaught the first (by id) in their province.

    Chosen on the worker's cached index of open positions (no row is loaded to be looked at),
    then the few chosen are read and re-checked live, like the suggestions themselves."""
    first = [p for p in shown if p.kind == "training"]
    untaught = {k for k in wanted if not any(teaches(t, k) for t in first)}
    candidate, ranker = ranking.to_candidate(profile), ranking.get_ranker()
    skip = {p.id for p in first}
    more: list[Position] = []
    for _ in range(3):  # a seat chosen on the index may have closed since: choose again without it
        chosen, left = [], set(untaught)
        for dc in ranking.open_positions().trainings(profile.province_code):
            if not left:
                break
            taught = {k for k in left if teaches(dc, k)}
            if taught and dc.id not in skip and not ranker.eligibility(candidate, dc):
                chosen.append(dc.id)
                left -= taught
        if not chosen:
            break
        rows = db.session.scalars(ranking.open_positions_query().where(Position.id.in_(chosen))
                                  .order_by(Position.id)).all()
        live = [p for p in rows if not ranking.exclusions(profile, p)]
        stale = set(chosen) - {p.id for p in live}
        more = live
        if not stale:
            break
        skip |= stale
    return first + more


def position_for(profile: CandidateProfile, position_id: int) -> Position:
    """An open position as this person may see it; NotFound when closed or excluded for them."""
    position = db.session.scalar(ranking.open_positions_query().where(Position.id == position_id))
    if position is None or ranking.exclusions(profile, position):
        raise NotFound()
    return position


def hide(actor: User, profile: CandidateProfile, position_id: int) -> bool:
    """"Not for me": the position is not suggested again; a second tap changes nothing.

    Kept as a row per person and position, so that (with the person's consent to model use)
    the ranker may learn from it."""
    if actor.candidate is None or actor.candidate.id != profile.id:
        raise NotFound()
    if db.session.get(Position, position_id) is None:
        raise NotFound()
    made = db.session.execute(insert_unless_exists(
        HiddenPosition.__table__, candidate_id=profile.id, position_id=position_id,
        hidden_at=clock.now())).rowcount
    return made == 1


def hidden_count(profile: CandidateProfile) -> int:
    return db.session.scalar(select(func.count()).select_from(HiddenPosition)
                             .where(HiddenPosition.candidate_id == profile.id)) or 0


def show_hidden_again(actor: User, profile: CandidateProfile) -> int:
    """Undo every "not for me" of the person; returns how many come back."""
    if actor.candidate is None or actor.candidate.id != profile.id:
        raise NotFound()
    return db.session.execute(delete(HiddenPosition).where(HiddenPosition.candidate_id == profile.id)).rowcount


def not_for_me_outcomes() -> list[tuple[int, int]]:
    """(candidate id, position id) of every "not for me" by people who let the matching learn
    from them (an active "model_use" consent): for training, a suggestion turned down."""
    consenting = select(Consent.candidate_id).where(
        Consent.purpose == "model_use", Consent.employer_id.is_(None), Consent.withdrawn_at.is_(None))
    rows = db.session.execute(select(HiddenPosition.candidate_id, HiddenPosition.position_id)
                              .where(HiddenPosition.candidate_id.in_(consenting))
                              .order_by(HiddenPosition.hidden_at, HiddenPosition.id))
    return [tuple(r) for r in rows]
