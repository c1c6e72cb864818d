"""A person's own history with a company, companies' recent record (time-decayed) and training
that leads to a job (issue 14, item 1)."""
import numpy as np
import pytest

from matching import Candidate, Outcome, Position, Ranker
from matching.encoding import TargetEncoding, decay_weights
from matching.features import COL, FEATURES
from matching.index import PositionIndex, code_hash


def job(pid, employer, **kw):
    kw.setdefault("sector", "quarry")
    return Position(id=pid, employer_id=employer, required_skills={"stone_cutting"}, province="22", ward="22001",
                    wage=7_000_000, seats=3, **kw)


PERSON = dict(skills={"stone_cutting"}, province="22", ward="22001", desired_sectors={"quarry"},
              wage_expectation=6_000_000)


def order(ranker, candidate, positions):
    return [m.id for m in ranker.rank(candidate, positions, k=len(positions))]


def features(ranker, candidate, positions):
    X, _ = ranker._candidate_features(candidate, PositionIndex(positions))
    return X


def test_a_company_that_declined_the_person_before_ranks_below_an_identical_one():
    positions = [job("A", "E1"), job("B", "E2")]
    assert order(Ranker(), Candidate(id=1, declined_by={"E1"}, **PERSON), positions) == ["B", "A"]
    assert order(Ranker(), Candidate(id=1, declined_by={"E2"}, **PERSON), positions) == ["A", "B"]


def test_a_company_that_hired_the_person_before_ranks_above_an_identical_one():
    positions = [job("A", "E1"), job("B", "E2")]
    assert order(Ranker(), Candidate(id=1, hired_by={"E2"}, **PERSON), positions) == ["B", "A"]


def test_history_is_matched_on_the_employer_id_whatever_its_type():
    X = features(Ranker(), Candidate(id=1, hired_by={7}, declined_by={"8"}, **PERSON), [job("A", 7), job("B", 8)])
    assert X[:, COL["hired_here_before"]].tolist() == [1.0, 0.0]
    assert X[:, COL["declined_here_before"]].tolist() == [0.0, 1.0]


def test_a_position_without_an_employer_never_matches_a_history():
    X = features(Ranker(), Candidate(id=1, hired_by={"E1"}, declined_by={"E1"}, **PERSON), [job("A", None)])
    assert X[0, COL["hired_here_before"]] == 0 and X[0, COL["declined_here_before"]] == 0


def test_a_completed_training_ranks_the_job_it_leads_to_first():
    training = Position(id="T", employer_id="E1", kind="training", sector="quarry", linked_position_id="J3")
    jobs = [job(f"J{i}", f"E{i}") for i in range(1, 6)]
    person = Candidate(id=1, completed_training={"T"}, **PERSON)
    assert order(Ranker(), person, jobs + [training])[0] == "J3"
    assert order(Ranker(), Candidate(id=1, **PERSON), jobs + [training])[0] != "J3"


def test_a_job_names_the_trainings_that_lead_to_it_when_they_are_closed():
    jobs = [job(f"J{i}", f"E{i}", trained_by={"T9"} if i == 4 else ()) for i in range(1, 6)]
    assert order(Ranker(), Candidate(id=1, completed_training={"T9"}, **PERSON), jobs)[0] == "J4"


def test_the_people_who_completed_its_training_rank_first_for_a_job():
    position = job("J", "E1", trained_by={"T"})
    people = [Candidate(id=i, completed_training={"T"} if i == 3 else (), **PERSON) for i in range(6)]
    assert Ranker().rank_candidates(position, people, k=6)[0].id == 3


def test_new_inputs_are_validated():
    with pytest.raises(ValueError, match="Outcome.at"):
        Outcome(1, 2, 1, at=float("inf"))
    with pytest.raises(ValueError, match="Outcome.at"):
        Outcome(1, 2, 1, at="yesterday")
    with pytest.raises(ValueError, match="censored"):
        Outcome(1, 2, 1, censored="yes")
    assert Candidate(id=1, hired_by=[7, "E2"]).hired_by == frozenset({"7", "E2"})


def test_gender_age_and_offence_still_move_no_feature():
    positions = [job("A", "E1"), job("B", "E2", trained_by={"T"})]
    history = dict(hired_by={"E1"}, declined_by={"E2"}, completed_training={"T"}, **PERSON)
    a = features(Ranker(), Candidate(id=1, gender="female", birth_year=1970, offence_category="drugs", **history),
                 positions)
    b = features(Ranker(), Candidate(id=1, gender="male", birth_year=2001, offence_category="theft", **history),
                 positions)
    assert (a == b).all() and len(FEATURES) == a.shape[1]


# --- the employers' rates -------------------------------------------------------------------------

def test_decay_weighs_recent_outcomes_more():
    w = decay_weights([0.0, 180.0, 360.0, np.nan], half_life=180.0)
    assert w.tolist() == pytest.approx([0.25, 0.5, 1.0, 1.0])
    assert decay_weights([0.0, 360.0], half_life=0).tolist() == [1.0, 1.0]


def _two_employers():
    """A hired people long ago and declines them now; B the other way round: same totals."""
    keys, labels, at = [], [], []
    for t in range(0, 720, 10):
        recent = t >= 360
        keys += [1, 2]
        labels += [0 if recent else 1, 1 if recent else 0]
        at += [t, t]
    return np.array(keys, dtype=np.int64), np.array(labels), np.array(at, dtype=float)


def test_the_decay_gives_recent_hires_more_weight():
    keys, labels, at = _two_employers()
    sector = np.zeros(len(keys), dtype=np.int64)
    decayed = TargetEncoding(half_life=90.0)
    decayed.fit(keys, sector, labels, at=at)
    rates = decayed.transform(np.array([1, 2]), np.zeros(2, dtype=np.int64))["employer_hire"]
    assert rates[1] > rates[0] + 0.5
    flat = TargetEncoding(half_life=0)
    flat.fit(keys, sector, labels, at=at)
    rates = flat.transform(np.array([1, 2]), np.zeros(2, dtype=np.int64))["employer_hire"]
    assert rates[1] == pytest.approx(rates[0])


def test_a_fitted_ranker_learns_from_what_employers_are_like_now():
    """Through Ranker.fit: A hired and kept people a year ago and declines them now, B the other way
    round. With the decay (and each training row's rates as of its own time) B ranks first."""
    people = [Candidate(id=i, **PERSON) for i in range(120)]
    positions = [job("A", "E1"), job("B", "E2"), job("C", "E3")]
    outcomes = []
    for i, c in enumerate(people):
        t = float(i * 6)
        outcomes.append(Outcome(c.id, "A", 0 if t >= 360 else 2, at=t))
        outcomes.append(Outcome(c.id, "B", 2 if t >= 360 else 0, at=t))
        outcomes.append(Outcome(c.id, "C", i % 4, at=t))
    ranker = Ranker(plausibility=0.0).fit(people, positions, outcomes)
    assert ranker.fitted
    X = features(ranker, Candidate(id="new", **PERSON), positions)
    assert X[1, COL["employer_hire"]] > X[0, COL["employer_hire"]]
    assert X[1, COL["employer_keep"]] > X[0, COL["employer_keep"]]
    ranked = order(ranker, Candidate(id="new", **PERSON), positions)
    assert ranked.index("B") < ranked.index("A")
    undecayed = Ranker(plausibility=0.0, half_life=0).fit(people, positions, outcomes)
    X = features(undecayed, Candidate(id="new", **PERSON), positions)
    assert X[1, COL["employer_hire"]] == pytest.approx(X[0, COL["employer_hire"]])


def test_training_rows_see_the_employer_as_it_was_when_the_referral_was_made():
    keys, labels, at = _two_employers()
    enc = TargetEncoding(half_life=90.0)
    rows = enc.fit(keys, np.zeros(len(keys), dtype=np.int64), labels, at=at)["employer_hire"]
    first_a, last_a = rows[keys == 1][0], rows[keys == 1][-1]
    assert first_a == pytest.approx(0.0)  # nothing known before the first referral: the global rate
    assert rows[keys == 1][35] > rows[keys == 2][35]  # at day 350 A was the one that hired
    assert last_a < rows[keys == 2][-1]  # by the end B is


def test_a_saved_model_keeps_its_half_life(tmp_path):
    people = [Candidate(id=i, **PERSON) for i in range(60)]
    positions = [job("A", "E1"), job("B", "E2")]
    outcomes = [Outcome(c.id, p, (i + j) % 4, at=float(i)) for i, c in enumerate(people) for j, p in enumerate("AB")]
    ranker = Ranker(half_life=30.0).fit(people, positions, outcomes)
    ranker.save(tmp_path / "m.npz")
    loaded = Ranker.load(tmp_path / "m.npz")
    assert loaded.half_life == 30.0 and loaded._encoding.half_life == 30.0
    assert np.array_equal(loaded._encoding.emp_hire, ranker._encoding.emp_hire)
    person = Candidate(id="x", **PERSON)
    assert [m.id for m in loaded.rank(person, positions)] == [m.id for m in ranker.rank(person, positions)]


def test_history_in_training_rows_is_the_persons_own_as_given():
    """Fit reads each row's history from the candidate named by the outcome (a snapshot)."""
    people = [Candidate(id=f"c{i}", hired_by={"E1"} if i % 2 else (), **PERSON) for i in range(80)]
    positions = [job("A", "E1"), job("B", "E2")]
    outcomes = [Outcome(c.id, "A", 3 if i % 2 else 0) for i, c in enumerate(people)]
    outcomes += [Outcome(c.id, "B", 1) for c in people]
    ranker = Ranker(plausibility=0.0).fit(people, positions, outcomes)
    back = Candidate(id="x", hired_by={"E1"}, **PERSON)
    assert code_hash("E1") and ranker.rank(back, positions, k=1)[0].id == "A"
    assert ranker.rank(Candidate(id="y", **PERSON), positions, k=1)[0].id == "B"
