"""Evaluating on real data with a time split: each held-out referral is ranked against the
positions open when it was made, and hires whose checks are not yet due are not graded
(issue 14, item 2)."""
import pytest

from matching import Candidate, Outcome, Position
from matching.evaluate import chronological, evaluate, open_pools

PERSON = dict(skills={"stone_cutting"}, province="22", ward="22001", desired_sectors={"quarry"})


def _positions(n=12):
    return [Position(id=f"P{i}", employer_id=f"E{i % 4}", sector="quarry", required_skills={"stone_cutting"},
                     province="22", ward="22001", wage=6_000_000 + 100_000 * i, seats=2) for i in range(n)]


def _history(n_people=60, positions=None):
    positions = positions or _positions()
    people = [Candidate(id=f"c{i}", **PERSON) for i in range(n_people)]
    outcomes = [Outcome(c.id, positions[(i * 5) % len(positions)].id, i % 4, at=float(i)) for i, c in enumerate(people)]
    return people, positions, outcomes


def test_the_pool_is_the_positions_open_when_the_referral_was_made():
    positions = _positions(4)
    windows = {"P0": (0.0, None), "P1": (50.0, None), "P2": (0.0, 10.0), "P3": (None, 30.0)}
    pools = open_pools([Outcome("a", "P0", 1, at=20.0), Outcome("b", "P0", 1, at=60.0),
                        Outcome("c", "P0", 1)], positions, windows)
    assert pools["a"] == {"P0", "P3"}  # P1 not yet posted, P2 closed at day 10
    assert pools["b"] == {"P0", "P1"}
    assert pools["c"] == {"P0", "P1", "P2", "P3"}  # no time: nothing to narrow by
    assert open_pools([Outcome("a", "P0", 1, at=20.0)], positions, None) == {}


def test_a_position_closing_at_the_moment_of_the_referral_is_not_in_its_pool():
    pools = open_pools([Outcome("a", "P0", 1, at=10.0)], _positions(2), {"P0": (0.0, None), "P1": (0.0, 10.0)})
    assert pools["a"] == {"P0"}


def test_evaluate_ranks_only_the_positions_open_at_the_time():
    """With every other position closed then, the referred one is the only choice: every method,
    random included, finds it first."""
    people, positions, outcomes = _history()
    test = outcomes[-12:]
    windows = {p.id: (0.0, 0.5) for p in positions}  # closed before any referral ...
    for o in test:  # ... except each held-out referral's own position, open at its moment only
        windows[o.position_id] = (o.at - 0.1, o.at + 0.1)
    result = evaluate(people, positions, outcomes, holdout=0.2, windows=windows)
    assert result.n_candidates > 0
    for row in result.rows:
        assert row.ndcg10 == pytest.approx(1.0), row.name
    unrestricted = evaluate(people, positions, outcomes, holdout=0.2)
    assert unrestricted.row("random").ndcg10 < 1.0


def test_a_censored_hire_is_not_graded():
    people, positions, outcomes = _history()
    n_test = 12
    graded = evaluate(people, positions, outcomes, holdout=n_test / len(outcomes))
    held = [o for o in outcomes[-n_test:] if o.label >= 1]
    censored = outcomes[:-n_test] + [Outcome(o.candidate_id, o.position_id, o.label, at=o.at,
                                             censored=o.label >= 1) for o in outcomes[-n_test:]]
    result = evaluate(people, positions, censored, holdout=n_test / len(outcomes))
    assert graded.n_candidates == len(held) > 0
    assert result.n_candidates == 0 and result.n_test == n_test


def test_outcomes_are_taken_in_the_order_they_were_made():
    a, b, c = Outcome(1, 1, 0, at=5.0), Outcome(2, 1, 0, at=1.0), Outcome(3, 1, 0, at=3.0)
    assert chronological([a, b, c]) == [b, c, a]
    assert chronological([a, Outcome(4, 1, 0), c])[0] is a  # not every one has a time: as given
