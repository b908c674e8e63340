"""recurring invoices: schedules, their items, and the invoices they issue

Revision ID: 0010
Revises: 0009c
Create Date: 2026-12-02 01:00:00

DESIGN §13. The tick reads active recurring invoices through the (status, next issue date)
index. An issued invoice names its recurring invoice and the start of its period; the unique
constraint on that pair is what makes a period issue once, whichever worker gets there first.
"""
from alembic import op

from migrations.columns import days, flag, integers, item_line, jsons, moments, pk, pricing, public_id, string, timestamps
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0010'
down_revision = '0009c'

RECURRING = {'recurring_invoice_pk': 'recurring_invoices'}
PERIOD = ('recurring_invoice_pk', 'recurring_period_start')


def upgrade():
    create_table('recurring_invoices', pk(), public_id(), integers('company_pk', 'customer_pk'), pricing(),
                 string('payment_terms', 200, nullable=True), string('interval', 8), integers('interval_count'),
                 days('start_date'), days('end_date', nullable=True), integers('count', nullable=True),
                 integers('due_days'), flag('auto_send', False), string('status', 16), integers('next_period'),
                 days('next_issue_date', nullable=True), integers('issued_count'), moments('cancelled_at'),
                 timestamps(), refs={'company_pk': 'companies', 'customer_pk': 'customers'})
    op.create_index('ix_recurring_invoices_due', 'recurring_invoices', ['status', 'next_issue_date'])
    op.create_index('ix_recurring_invoices_company_list', 'recurring_invoices', ['company_pk', 'pk'])
    create_table('recurring_invoice_items', pk(), public_id(), integers('recurring_invoice_pk'), item_line(),
                 jsons('tax_rates'), refs=RECURRING)
    op.create_index(op.f('ix_recurring_invoice_items_recurring_invoice_pk'), 'recurring_invoice_items',
                    ['recurring_invoice_pk'])
    add_columns('invoices', integers('recurring_invoice_pk', nullable=True),
                days('recurring_period_start', nullable=True), refs=RECURRING, unique=[PERIOD])


def downgrade():
    drop_columns('invoices', *reversed(PERIOD), refs=RECURRING, unique=[PERIOD])
    drop_table('recurring_invoice_items', 'ix_recurring_invoice_items_recurring_invoice_pk')
    drop_table('recurring_invoices', 'ix_recurring_invoices_company_list', 'ix_recurring_invoices_due')
