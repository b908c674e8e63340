"""invitations: joining a company takes the invited user's consent; users remember the
company they last used

Revision ID: 0014c
Revises: 0014a
Create Date: 2026-12-07 03:45:00

An admin's "add member" now makes an invitation (emailed link, 7 days, accepted or declined by
the invited user). ``users.last_company_pk`` is where a login lands; empty for existing users,
whose login then lands in their oldest membership.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014c'
down_revision = '0014a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invitations',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=16), nullable=False),
        sa.Column('company_pk', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('invited_by_pk', sa.Integer(), nullable=True),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['company_pk'], ['companies.pk'], name=op.f('fk_invitations_company_pk_companies')),
        sa.ForeignKeyConstraint(['invited_by_pk'], ['users.pk'], name=op.f('fk_invitations_invited_by_pk_users')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_invitations')),
        sa.UniqueConstraint('id', name=op.f('uq_invitations_id')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash')),
    )
    op.create_index(op.f('ix_invitations_company_pk'), 'invitations', ['company_pk'])
    op.create_index('ix_invitations_email', 'invitations', ['email'])
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('last_company_pk', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_users_last_company_pk_companies'), 'companies', ['last_company_pk'], ['pk'])


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('fk_users_last_company_pk_companies'), type_='foreignkey')
        batch.drop_column('last_company_pk')
    op.drop_index('ix_invitations_email', table_name='invitations')
    op.drop_index(op.f('ix_invitations_company_pk'), table_name='invitations')
    op.drop_table('invitations')
