"""Shared fixtures: one seeded synthetic world and a ranker fitted on it."""
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from matching import Ranker, make_world  # noqa: E402


@pytest.fixture(scope="session")
def world():
    return make_world(1500, 600, 6000, seed=3)


@pytest.fixture(scope="session")
def fitted(world):
    candidates, positions, outcomes = world
    return Ranker().fit(candidates, positions, outcomes)
