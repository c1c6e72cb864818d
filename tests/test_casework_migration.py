"""The casework revision turns free-text offence categories into the closed list of codes."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db

ROWS = {"A": "Drugs", "B": " PROPERTY ", "C": "arson", "D": None, "E": ""}


def _insert(name: str, offence) -> None:
    db.session.execute(text(
        "INSERT INTO candidate_profiles (full_name, gender, province_code, ward_code, address_line,"
        " education, skills, experience, physical_capacity, health_notes, shifts, desired_sectors,"
        " has_transport, needs_housing, needs_loan, needs_training, needs_papers,"
        " needs_health_insurance, legal_status, offence_category, travel_restricted, created_at,"
        " updated_at) VALUES (:name, 'male', 22, 6811, '', 2, '[]', '', 2, '', '[]', '[]', false,"
        " false, false, false, false, false, 'released', :offence, false, CURRENT_TIMESTAMP,"
        " CURRENT_TIMESTAMP)"), {"name": name, "offence": offence})


def test_existing_offence_categories_are_normalised_to_codes(app):
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade(revision="c45e0b9a1709")
        downgrade(revision="-1")  # the database as it was before the casework revision
        for name, offence in ROWS.items():
            _insert(name, offence)
        db.session.commit()
        upgrade()
        found = dict(db.session.execute(text(
            "SELECT full_name, offence_category FROM candidate_profiles ORDER BY full_name")).all())
        assert found == {"A": "drugs", "B": "property", "C": "other", "D": None, "E": None}
        with pytest.raises(IntegrityError):  # the CHECK refuses anything off the list
            _insert("F", "Drugs")
            db.session.commit()
        db.session.rollback()
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
