import pytest

from matching import EvalRow, evaluate, format_table, make_world, ndcg_at


@pytest.fixture(scope="module")
def result():
    c, p, o = make_world(2000, 800, 8000, seed=7)
    return evaluate(c, p, o, holdout=0.2)


def test_evaluate_rows_and_split(result):
    assert [r.name for r in result.rows] == ["fitted", "cold_start", "random", "popularity", "tfidf"]
    assert result.n_train + result.n_test > 0 and result.n_test == pytest.approx(
        0.2 * (result.n_train + result.n_test), abs=1)
    for r in result.rows:
        assert isinstance(r, EvalRow)
        assert 0 <= r.ndcg10 <= 1 and 0 <= r.recall10 <= 1 and 0 <= r.coverage <= 1
        assert r.max_exposure >= 1


def test_fit_beats_cold_start_by_a_real_margin(result):
    fitted, cold = result.row("fitted"), result.row("cold_start")
    assert fitted.ndcg10 >= cold.ndcg10 + 0.05, format_table(result)
    assert fitted.recall10 > cold.recall10


def test_fitted_beats_baselines(result):
    fitted = result.row("fitted")
    for name in ("random", "popularity", "tfidf"):
        assert fitted.ndcg10 > 2 * result.row(name).ndcg10, format_table(result)


def test_format_table(result):
    text = format_table(result)
    lines = text.splitlines()
    assert "NDCG@10" in lines[0] and len(lines) == 2 + len(result.rows)
    assert lines[2].split()[0] == "fitted"
    assert format_table(result.rows) == text


def test_ndcg():
    assert ndcg_at(["a", "b"], {"a": 3}) == 1.0
    assert ndcg_at(["b", "a"], {"a": 1}) == pytest.approx(1 / 1.5849625, rel=1e-6)
    assert ndcg_at(["x"], {"a": 2}) == 0.0
    assert ndcg_at(["x"], {}) == 0.0


def test_evaluate_tiny_inputs():
    c, p, o = make_world(30, 20, 40, seed=1)
    res = evaluate(c, p, o)
    assert len(res.rows) == 5
    res = evaluate(c, p, [])
    assert res.n_test == 0 and all(r.ndcg10 == 0 for r in res.rows)
