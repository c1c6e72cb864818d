"""drop login_attempts: claim and invitation codes are limited by the login counters

The one-time codes (a caseworker's claim slip, a company's invitation) now take their place in
login_counters before the code is checked, like a login; the old table of failed attempts, read
then written (so many tries at once all passed the check), is no longer used.

Revision ID: 3b7d52e1c9a4
Revises: 19afb0447ab5
Create Date: 2026-11-23 11:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b7d52e1c9a4'
down_revision = '19afb0447ab5'  # after the security revision (audit, sessions, login counters)
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_ip'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_at'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_account_key'))

    op.drop_table('login_attempts')


def downgrade():
    # The table comes back empty: failed attempts older than a day counted for nothing anyway.
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('account_key', sa.String(length=254), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_account_key'), ['account_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_ip'), ['ip'], unique=False)
