"""The authorization matrix [SECURITY 8, 9, 10]: every route of app.url_map × method × subject, the
expected outcome of each cell written in tests/authz_matrix.py. A route without a row fails."""
from __future__ import annotations

import pytest

from marketplace import create_app

from . import scenario as sc
from .authz_matrix import MATRIX
from .authz_probe import outcome
from .conftest import _config

_ROUTES = sorted({(endpoint, method) for endpoint, method, _rule in
                  sc.routes(create_app(_config("sqlite://")))})


scenario = sc.module_fixture()


def _cells(scenario, endpoint: str, method: str):
    rule = next(r for e, m, r in sc.routes(scenario.app) if (e, m) == (endpoint, method))
    for label, url in sc.variants(scenario, rule):
        yield f"{endpoint} {method}{' ' + label if label else ''}", url


def test_req_09_every_route_has_a_row(scenario):
    keys = {key for endpoint, method in _ROUTES for key, _url in _cells(scenario, endpoint, method)}
    assert sorted(keys - MATRIX.keys()) == [], "routes without a row in tests/authz_matrix.py"
    assert sorted(MATRIX.keys() - keys) == [], "rows of tests/authz_matrix.py naming no route"
    assert all(len(row.split()) == len(sc.SUBJECTS) for row in MATRIX.values())


@pytest.mark.parametrize(("endpoint", "method"), _ROUTES, ids=[f"{e}-{m}" for e, m in _ROUTES])
def test_req_09_each_subject_gets_what_the_matrix_says(scenario, endpoint, method):
    wrong = []
    for key, url in _cells(scenario, endpoint, method):
        expected = MATRIX.get(key, "").split()
        for subject, want in zip(sc.SUBJECTS, expected):
            before = scenario.count_rows() if method != "GET" and want in "L34V" else None
            response = scenario.request(subject, method, url, endpoint)
            got = outcome(response)
            if got != want:
                wrong.append(f"{key} as {subject}: {got} ({response.status_code}), expected {want}")
            if before is not None and scenario.count_rows() != before:
                wrong.append(f"{key} as {subject}: refused, yet rows were added or removed")
            scenario.after(response)
    assert wrong == []
