import pytest

from matching import EvalRow, evaluate, format_table, make_world, ndcg_at


@pytest.fixture(scope="module")
def result():
    c, p, o = make_world(800, 400, 3000, seed=7)
    return evaluate(c, p, o, holdout=0.2)


def test_evaluate_rows_and_split(result):
    assert [r.name for r in result.rows] == ["fitted", "cold_start", "random", "popularity", "tfidf"]
    assert result.n_train + result.n_test > 0 and result.n_test == pytest.approx(
        0.2 * (result.n_train + result.n_test), abs=1)
    for r in result.rows:
        assert isinstance(r, EvalRow)
        assert 0 <= r.ndcg10 <= 1 and 0 <= r.recall10 <= 1 and 0 <= r.coverage <= 1
        assert r.max_exposure >= 1


@pytest.fixture(scope="module")
def truth():
    from matching.truth import evaluate_truth
    from matching.world import make_honest_world
    return evaluate_truth(make_honest_world(1000, 500, 4000, seed=102), n_eval=120, n_boot=300, seed=102)


def test_fit_beats_cold_start_on_true_gain_by_a_real_margin(truth):
    from matching.truth import format_truth
    gain, low, _ = truth.difference("fitted", "cold_start")
    assert gain >= 0.1 and low > 0, format_truth(truth)
    for name in ("random", "popularity", "tfidf"):
        assert truth.row("fitted").ndcg10 > truth.row(name).ndcg10 + 0.1, format_truth(truth)


def test_truth_rows_have_intervals_around_their_means(truth):
    assert [r.name for r in truth.rows] == ["fitted", "cold_start", "random", "popularity", "tfidf"]
    for r in truth.rows:
        assert 0 <= r.low <= r.ndcg10 <= r.high <= 1
    assert truth.n_eval == 120 and len(truth.per_candidate["fitted"]) == 120


def test_fitted_beats_baselines_even_on_the_imitation_metric(result):
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
