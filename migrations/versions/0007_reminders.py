"""payment reminders: company steps, customer opt-out, invoice exclusion, reminders_sent

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 10:00:00

DESIGN §13. ``reminders_sent`` holds one row per (invoice, step) ever handled; its unique
constraint makes a step send at most once. The index on (company, status, due date) lets
the background tick read only the open invoices whose due date falls in a step's window.
New columns have server defaults, so existing rows need no rewrite of their values.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies') as batch:
        batch.add_column(sa.Column('reminders_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('reminder_steps', sa.JSON(), nullable=True))
    with op.batch_alter_table('customers') as batch:
        batch.add_column(sa.Column('send_reminders', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('reminders_excluded', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_invoices_company_status_due', 'invoices', ['company_pk', 'status', 'due_date'])
    op.create_table(
        'reminders_sent',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('company_pk', sa.Integer(), nullable=False),
        sa.Column('invoice_pk', sa.Integer(), nullable=False),
        sa.Column('step_days', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['company_pk'], ['companies.pk'], name=op.f('fk_reminders_sent_company_pk_companies')),
        sa.ForeignKeyConstraint(['invoice_pk'], ['invoices.pk'], name=op.f('fk_reminders_sent_invoice_pk_invoices')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_reminders_sent')),
        sa.UniqueConstraint('invoice_pk', 'step_days', name=op.f('uq_reminders_sent_invoice_pk_step_days')),
    )


def downgrade():
    op.drop_table('reminders_sent')
    op.drop_index('ix_invoices_company_status_due', table_name='invoices')
    with op.batch_alter_table('invoices') as batch:
        batch.drop_column('reminders_excluded')
    with op.batch_alter_table('customers') as batch:
        batch.drop_column('send_reminders')
    with op.batch_alter_table('companies') as batch:
        batch.drop_column('reminder_steps')
        batch.drop_column('reminders_enabled')
