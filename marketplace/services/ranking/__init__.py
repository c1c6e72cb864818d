"""The app's side of matching, one job per module.

- `adapters`: rows to the library's dataclasses, the open-positions query;
- `store`: model files under instance/models/ (no pickle), which one serves, rollback;
- `suggestions`: positions for a person on a per-worker cached index, people for a position,
  a plan for a caseload;
- `training`: training, evaluation and fairness figures (CLI only, never in a request).

This package alone imports `matching` (with `vocabulary` for labels) and alone reads model files.
Everything the rest of the app uses is importable from here.
"""
from __future__ import annotations

from .adapters import (HISTORY_STATUSES, IN_PROGRESS, NO_HISTORY, as_referred, features_snapshot, history_of,
                       open_positions_query, open_referral_counts, to_candidate, to_candidates, to_position)
from .store import get_ranker, model_files, model_info, model_version, models_dir, rollback
from .suggestions import (OpenPositions, PlannedSeat, RankedCandidate, Suggestion, bump_positions_version,
                          candidates_for, note_seats_changed, open_positions, plan_for, positions_version,
                          seats_version, suggestions_for)
from .training import (TrainingData, censored, evaluate, logged_lists, logged_table, outcome_label, table, train,
                       training_data)


def exclusions(profile, position) -> tuple[str, ...]:
    """The legal exclusions between a person and a position (hard filters), as reason codes."""
    candidate = to_candidate(profile, NO_HISTORY)  # history plays no part in the legal rules
    return tuple(r.code for r in get_ranker().eligibility(candidate, to_position(position)))


def init_app(app) -> None:
    """Load the serving model when a worker starts, not on its first request."""
    with app.app_context():
        get_ranker()


__all__ = [
    "HISTORY_STATUSES", "IN_PROGRESS", "NO_HISTORY", "as_referred", "features_snapshot", "history_of", "open_positions_query",
    "open_referral_counts", "to_candidate", "to_candidates", "to_position",
    "get_ranker", "model_files", "model_info", "model_version", "models_dir", "rollback",
    "OpenPositions", "PlannedSeat", "RankedCandidate", "Suggestion", "bump_positions_version",
    "candidates_for", "note_seats_changed", "open_positions", "plan_for", "positions_version", "seats_version",
    "suggestions_for",
    "TrainingData", "evaluate", "logged_lists", "logged_table", "outcome_label", "censored", "table", "train",
    "training_data", "exclusions",
    "init_app",
]
