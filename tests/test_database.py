"""What the database itself guarantees: pragmas and constraints."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models import CandidateProfile, Position, Referral, User


def test_req_25_sqlite_connections_get_the_pragmas(tmp_path):
    # Always SQLite here: these pragmas are what SQLite needs whatever the suite's database.
    app = create_app({"SECRET_KEY": "t", "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"},
                     instance_path=str(tmp_path))
    with app.app_context():
        read = lambda p: db.session.execute(text(f"PRAGMA {p}")).scalar()  # noqa: E731
        assert read("foreign_keys") == 1
        assert read("journal_mode") == "wal"
        assert read("busy_timeout") == 5000
        assert read("synchronous") == 1  # NORMAL


@pytest.fixture
def position_and_candidate(app, make_user, employer_of, make_position, make_candidate):
    employer_id = employer_of(make_user("employer"))
    return make_position(employer_id, seats=5), make_candidate()


def test_req_26_a_duplicate_referral_is_refused_by_the_database(app, position_and_candidate):
    position_id, candidate_id = position_and_candidate
    with app.app_context():
        db.session.add(Referral(candidate_id=candidate_id, position_id=position_id))
        db.session.commit()
        db.session.add(Referral(candidate_id=candidate_id, position_id=position_id))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("change", [
    {"seats": -1},
    {"filled": 6},
    {"filled": -1},
    {"kind": "internship"},
    {"physical_demand": 4},
    {"wage_min": 9_000_000, "wage_max": 5_000_000},
])
def test_position_rules_are_checked_by_the_database(app, position_and_candidate, change):
    position_id, _ = position_and_candidate
    with app.app_context():
        position = db.session.get(Position, position_id)
        for key, value in change.items():
            setattr(position, key, value)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_enum_like_columns_are_checked(app, position_and_candidate):
    _, candidate_id = position_and_candidate
    with app.app_context():
        db.session.get(CandidateProfile, candidate_id).legal_status = "pardoned-ish"
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(User(role="superuser", full_name="x", password_hash="x", email="x@example.vn"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        db.session.add(Referral(candidate_id=999, position_id=999))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
