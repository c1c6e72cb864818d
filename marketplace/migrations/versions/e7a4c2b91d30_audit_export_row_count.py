"""audit events count the rows an export carried out

Every export (caseload or referral list, programme report) is audited with who, what, the
purpose chosen and how many rows left the system.

Revision ID: e7a4c2b91d30
Revises: a1f0c3d2e4b6
Create Date: 2026-11-23 08:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a4c2b91d30'
down_revision = 'a1f0c3d2e4b6'  # after the referral feature snapshot (merged first)
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('row_count', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('row_count')
