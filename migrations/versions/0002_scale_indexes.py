"""covering indexes for the overview figures, customer balances and revenue at scale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:50:00

Measured with bench/pages.py on 1,000,000 invoices: the overview's open-amount figures and a
customer's balance read every matching invoice row, and the monthly revenue joined all
payments (and refunds) to invoices because nothing indexed their dates. These indexes let
each of those queries read one index range and nothing else.
"""
from alembic import op

revision = '0002'
down_revision = '0001'


def upgrade():
    op.create_index('ix_invoices_company_open', 'invoices',
                    ['company_pk', 'status', 'deleted_at', 'currency', 'due_date', 'amount_due'])
    op.create_index('ix_invoices_customer_open', 'invoices',
                    ['company_pk', 'customer_pk', 'status', 'deleted_at', 'currency', 'amount_due'])
    op.create_index('ix_payments_paid_at', 'payments', ['paid_at', 'invoice_pk', 'amount'])
    op.create_index('ix_refunds_created_at', 'refunds', ['created_at', 'invoice_pk', 'amount'])


def downgrade():
    op.drop_index('ix_refunds_created_at', table_name='refunds')
    op.drop_index('ix_payments_paid_at', table_name='payments')
    op.drop_index('ix_invoices_customer_open', table_name='invoices')
    op.drop_index('ix_invoices_company_open', table_name='invoices')
