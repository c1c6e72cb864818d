"""security: append-only audit trail, one session row per login, atomic login counters

audit_events refuses UPDATE and DELETE (a trigger on SQLite and PostgreSQL); user_sessions holds
each signed-in device (hashed token, started, last seen, address, browser); login_counters holds
the login limit's counters, changed only by single conditional statements; a person's
address_line becomes Text, to hold its ciphertext when field encryption (FIELD_KEY) is on.

Revision ID: 19afb0447ab5
Revises: 97e2a8b043f0
Create Date: 2026-11-23 08:30:00

"""
from alembic import op
import sqlalchemy as sa

# Written out here (not imported from the models) so this revision never changes after the fact;
# marketplace/models/audit.py runs the same statements after create_all.
APPEND_ONLY_DDL = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ),
}
DROP_APPEND_ONLY_DDL = {
    "sqlite": ("DROP TRIGGER IF EXISTS audit_events_no_update",
               "DROP TRIGGER IF EXISTS audit_events_no_delete"),
    "postgresql": ("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                   "DROP FUNCTION IF EXISTS audit_events_append_only()"),
}

# revision identifiers, used by Alembic.
revision = '19afb0447ab5'
down_revision = '97e2a8b043f0'  # after the caseload import (merged first)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_counters',
    sa.Column('key', sa.String(length=320), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('next_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_counters'))
    )
    with op.batch_alter_table('login_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_counters_window_start'), ['window_start'], unique=False)

    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_last_seen_at'), ['last_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    for statement in APPEND_ONLY_DDL.get(op.get_bind().dialect.name, ()):
        op.execute(statement)

    # Room for the AES-GCM ciphertext of a 200-character address (FIELD_KEY).
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.alter_column('address_line', existing_type=sa.String(length=200), type_=sa.Text(),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('candidate_profiles', schema=None) as batch_op:
        batch_op.alter_column('address_line', existing_type=sa.Text(), type_=sa.String(length=200),
                              existing_nullable=False)
    for statement in DROP_APPEND_ONLY_DDL.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_last_seen_at'))
    op.drop_table('user_sessions')
    with op.batch_alter_table('login_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_counters_window_start'))
    op.drop_table('login_counters')
