"""companies: the country they are in (asked at registration)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:30:00

ISO 3166-1 alpha-2; existing companies have none until an admin chooses it in Settings.
"""
from migrations.columns import string
from migrations.tables import add_columns, drop_columns

revision = '0005'
down_revision = '0004'


def upgrade():
    add_columns('companies', string('country', 2, nullable=True))


def downgrade():
    drop_columns('companies', 'country')
