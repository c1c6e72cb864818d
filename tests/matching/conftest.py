"""Shared fixtures: one seeded synthetic world and a ranker fitted on it."""
import pytest

from matching import Ranker, make_world


@pytest.fixture(scope="session")
def world():
    return make_world(1500, 600, 6000, seed=3)


@pytest.fixture(scope="session")
def fitted(world):
    candidates, positions, outcomes = world
    return Ranker().fit(candidates, positions, outcomes)
