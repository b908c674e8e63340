"""companies: the country they are in (asked at registration)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:30:00

ISO 3166-1 alpha-2; existing companies have none until an admin chooses it in Settings.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies') as batch:
        batch.add_column(sa.Column('country', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('companies') as batch:
        batch.drop_column('country')
