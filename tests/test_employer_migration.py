"""The employer-side revision keeps a live database's rows: companies get an owner, positions and
the referrals that hang on them survive the table rebuilds SQLite needs."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from marketplace.extensions import db

BEFORE = "c45e0b9a1709"
OURS = "09dac5deff69"


def _run(sql: str, **params):
    result = db.session.execute(text(sql), params)
    rows = result.all() if result.returns_rows else None
    db.session.commit()
    return rows


def test_upgrading_keeps_positions_and_referrals_and_names_an_owner(app):
    with app.app_context():
        db.drop_all()
        _run("DROP TABLE IF EXISTS alembic_version")
        db.session.close()
        upgrade(revision=BEFORE)
        now = "CURRENT_TIMESTAMP"
        _run(f"INSERT INTO users (id, password_hash, role, full_name, locale, active, session_token, created_at) "
             f"VALUES (7, 'x', 'employer', 'A', 'vi', true, 't7', {now}), (3, 'x', 'employer', 'B', 'vi', true, "
             f"'t3', {now})")
        _run(f"INSERT INTO employers (id, name, sector, tax_code, province_code, ward_code, address_line, "
             f"fair_chance_statement, record_question_stage, created_at) VALUES (1, 'Đá Kiện Khê', 'quarry', "
             f"'0700123456', 22, 6811, '', '', 'never', {now})")
        _run("INSERT INTO employer_members (user_id, employer_id, title) VALUES (7, 1, ''), (3, 1, '')")
        _run(f"INSERT INTO positions (id, employer_id, kind, title, sector, description, required_skills, "
             f"preferred_skills, min_education, physical_demand, shift, seats, filled, province_code, ward_code, "
             f"housing_provided, transport_provided, excluded_offences, status, created_at) VALUES (1, 1, 'job', "
             f"'Thợ đá', 'quarry', '', '[]', '[]', 0, 1, 'day', 2, 0, 22, 6811, false, false, '[]', 'open', {now})")
        _run(f"INSERT INTO candidate_profiles (id, full_name, gender, province_code, ward_code, address_line, "
             f"education, skills, experience, physical_capacity, health_notes, shifts, desired_sectors, "
             f"has_transport, needs_housing, needs_loan, needs_training, needs_papers, needs_health_insurance, "
             f"legal_status, travel_restricted, created_at, updated_at) VALUES (1, 'Hùng', 'male', 22, 6811, '', 2, "
             f"'[]', '', 2, '', '[]', '[]', false, false, false, false, false, false, 'released', false, {now}, {now})")
        _run(f"INSERT INTO referrals (candidate_id, position_id, status, created_at, updated_at) "
             f"VALUES (1, 1, 'sent', {now}, {now})")
        db.session.close()

        upgrade(revision=OURS)
        assert _run("SELECT user_id, role FROM employer_members ORDER BY user_id") == [(3, "owner"), (7, "member")]
        assert _run("SELECT count(*) FROM positions")[0][0] == 1
        assert _run("SELECT count(*) FROM referrals")[0][0] == 1
        _run("UPDATE positions SET status = 'paused'")
        db.session.close()

        downgrade(revision=BEFORE)
        assert _run("SELECT status FROM positions") == [("closed",)]
        assert _run("SELECT count(*) FROM referrals")[0][0] == 1
        db.session.close()
        upgrade()
        assert _run("SELECT count(*) FROM referrals")[0][0] == 1
        _run("DROP TABLE alembic_version")
