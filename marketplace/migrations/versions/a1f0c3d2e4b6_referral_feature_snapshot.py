"""referral feature snapshot: the person's ranking features when a referral is proposed

Matching learned from the current profile, so a profile updated after a hire fed the outcome back
into its own features. Older referrals keep NULL and are read from the profile as before.

Revision ID: a1f0c3d2e4b6
Revises: 09dac5deff69
Create Date: 2026-11-23 08:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1f0c3d2e4b6'
down_revision = '09dac5deff69'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('candidate_features', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_column('candidate_features')
