"""The inverse-propensity value of a ranking on logged suggestions (`matching.ips_estimate`)."""
import dataclasses

import numpy as np
import pytest

from matching import LoggedList, Ranker, ips_estimate
from matching.evaluate import examination


def _shown_by(ranker, candidate, positions, n=8):
    """What `ranker` showed: its order over positions as they were (seats open, no referrals)."""
    positions = [dataclasses.replace(p, seats=max(p.seats, 1), open_referrals=0) for p in positions]
    scores = ranker.score_all(candidate, positions)
    order = [i for i in np.argsort(-np.nan_to_num(scores, nan=-np.inf), kind="stable") if not np.isnan(scores[i])]
    return tuple(positions[i].id for i in order[:n])


@pytest.fixture(scope="module")
def logged(world, fitted):
    candidates, positions, _ = world
    lists = []
    for c in candidates[:60]:
        shown = _shown_by(fitted, c, positions)
        if len(shown) >= 4:
            lists.append(LoggedList(c, shown, {shown[1]: 1.0, shown[3]: 3.0}))
    assert len(lists) >= 20
    return lists


def test_the_logging_policy_is_credited_exactly_what_it_collected(world, fitted, logged):
    rows = {r.name: r for r in ips_estimate({"same": fitted}, logged, world[1], k=10)}
    assert rows["logged"].value == pytest.approx(4.0)
    assert rows["same"].value == pytest.approx(rows["logged"].value)
    assert rows["logged"].low <= rows["logged"].value <= rows["logged"].high


def test_moving_a_gain_up_is_credited_by_the_ratio_of_examination(world, fitted):
    candidates, positions, _ = world
    c = next(c for c in candidates if len(_shown_by(fitted, c, positions)) >= 6)
    best_first = _shown_by(fitted, c, positions, n=6)
    shown_reversed = tuple(reversed(best_first))  # the logger put the model's favourite last
    lst = LoggedList(c, shown_reversed, {best_first[0]: 1.0})
    rows = {r.name: r.value for r in ips_estimate({"model": fitted}, [lst], positions, k=10, clip=100)}
    assert rows["logged"] == 1.0
    assert rows["model"] == pytest.approx(float(examination(1) / examination(6)))
    clipped = {r.name: r.value for r in ips_estimate({"model": fitted}, [lst], positions, clip=2.0)}
    assert clipped["model"] == pytest.approx(2.0)
    # outside the method's top k, nothing is credited
    assert {r.name: r.value for r in ips_estimate({"model": fitted}, [lst], positions, k=0)}["model"] == 0


def test_an_ineligible_item_is_never_credited(world, fitted):
    candidates, positions, _ = world
    c = next(c for c in candidates if len(_shown_by(fitted, c, positions)) >= 3)
    shown = _shown_by(fitted, c, positions, n=3)
    closed = [dataclasses.replace(p, excluded_offences=frozenset({"drugs"})) if p.id == shown[0] else p
              for p in positions]
    person = dataclasses.replace(c, offence_category="drugs")
    rows = {r.name: r.value for r in ips_estimate({"model": fitted}, [LoggedList(person, shown, {shown[0]: 5.0})],
                                                  closed)}
    assert rows["logged"] == 5.0 and rows["model"] == 0.0


def test_no_lists_gives_zeros_not_an_error(world):
    rows = ips_estimate({"cold": Ranker()}, [], world[1])
    assert [(r.name, r.value) for r in rows] == [("logged", 0.0), ("cold", 0.0)]
