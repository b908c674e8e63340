"""indexes for the dashboard's invoice sorts and the customer list by name

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:15:00

The invoice list is ordered by issue date (then number) by default and can be sorted by
number, customer, issue date, due date, total or status. Each order reads an index of the
company's invoices in that order and stops after one page, instead of sorting every
invoice of the company (bench/pages.py). The number and status orders already had one (the
unique number, and (company, status, pk)); the due-date index gains pk so that equal due dates
come in a fixed order without a sort on PostgreSQL. The customer sort walks customers by name
and each one's invoices by pk. ``deleted_at`` is not in these indexes: PostgreSQL (15) does not
take ``deleted_at IS NULL`` as an equality, so an index with it before the sort key gave no
order there (a sort of every invoice: 250 ms at 200,000).
"""
from alembic import op

revision = '0004'
down_revision = '0003'


def upgrade():
    op.create_index('ix_invoices_company_issued', 'invoices', ['company_pk', 'issue_date', 'invoice_number'])
    op.create_index('ix_invoices_customer_issued', 'invoices',
                    ['company_pk', 'customer_pk', 'issue_date', 'invoice_number'])
    op.create_index('ix_invoices_company_total', 'invoices', ['company_pk', 'total', 'pk'])
    op.drop_index('ix_invoices_company_due', table_name='invoices')
    op.create_index('ix_invoices_company_due', 'invoices', ['company_pk', 'due_date', 'pk'])
    op.create_index('ix_customers_company_name', 'customers', ['company_pk', 'name', 'pk'])


def downgrade():
    op.drop_index('ix_customers_company_name', table_name='customers')
    op.drop_index('ix_invoices_company_due', table_name='invoices')
    op.create_index('ix_invoices_company_due', 'invoices', ['company_pk', 'due_date'])
    op.drop_index('ix_invoices_company_total', table_name='invoices')
    op.drop_index('ix_invoices_customer_issued', table_name='invoices')
    op.drop_index('ix_invoices_company_issued', table_name='invoices')
