"""invitations: joining a company takes the invited user's consent; users remember the
company they last used

Revision ID: 0014c
Revises: 0014a
Create Date: 2026-12-07 03:45:00

An admin's "add member" now makes an invitation (emailed link, 7 days, accepted or declined by
the invited user). ``users.last_company_pk`` is where a login lands; empty for existing users,
whose login then lands in their oldest membership.
"""
from alembic import op

from migrations.columns import integers, moments, pk, public_id, string, timestamps
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0014c'
down_revision = '0014a'

LAST_COMPANY = {'last_company_pk': 'companies'}


def upgrade():
    create_table('invitations', pk(), public_id(), integers('company_pk'), string('email', 254), string('role', 16),
                 integers('invited_by_pk', nullable=True), string('token_hash', 64),
                 moments('expires_at', nullable=False), moments('accepted_at', 'declined_at', 'revoked_at'),
                 timestamps(), refs={'company_pk': 'companies', 'invited_by_pk': 'users'}, unique=('id', 'token_hash'))
    op.create_index(op.f('ix_invitations_company_pk'), 'invitations', ['company_pk'])
    op.create_index('ix_invitations_email', 'invitations', ['email'])
    add_columns('users', integers('last_company_pk', nullable=True), refs=LAST_COMPANY)


def downgrade():
    drop_columns('users', 'last_company_pk', refs=LAST_COMPANY)
    drop_table('invitations', 'ix_invitations_email', 'ix_invitations_company_pk')
