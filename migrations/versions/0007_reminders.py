"""payment reminders: company steps, customer opt-out, invoice exclusion, reminders_sent

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 10:00:00

DESIGN §13. ``reminders_sent`` holds one row per (invoice, step) ever handled; its unique
constraint makes a step send at most once. The index on (company, status, due date) lets
the background tick read only the open invoices whose due date falls in a step's window.
New columns have server defaults, so existing rows need no rewrite of their values.
"""
from alembic import op

from migrations.columns import flag, integers, jsons, moments, pk, string
from migrations.tables import add_columns, create_table, drop_columns

revision = '0007'
down_revision = '0006'


def upgrade():
    add_columns('companies', flag('reminders_enabled', False), jsons('reminder_steps'))
    add_columns('customers', flag('send_reminders', True))
    add_columns('invoices', flag('reminders_excluded', False))
    op.create_index('ix_invoices_company_status_due', 'invoices', ['company_pk', 'status', 'due_date'])
    create_table('reminders_sent', pk(), integers('company_pk', 'invoice_pk', 'step_days'), string('outcome', 16),
                 moments('created_at', nullable=False), moments('sent_at'),
                 refs={'company_pk': 'companies', 'invoice_pk': 'invoices'}, unique=[('invoice_pk', 'step_days')])


def downgrade():
    op.drop_table('reminders_sent')
    op.drop_index('ix_invoices_company_status_due', table_name='invoices')
    drop_columns('invoices', 'reminders_excluded')
    drop_columns('customers', 'send_reminders')
    drop_columns('companies', 'reminder_steps', 'reminders_enabled')
