"""accounting: ledger accounts and DATEV numbers for the export, and the indexes it reads by
date (DESIGN §19)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 01:30:00

Tax rates gain ``account`` (the revenue account) and customers ``account_number`` (the debtor
account), both text of at most 16 letters or digits; the company gains its DATEV consultant and
client numbers. All start empty: nothing is known about an existing company's books. The export
reads each kind of row of a company in date order, one batch after the other (keyset): one index
per kind of row gives that order.
"""
from alembic import op

from migrations.columns import integers, string
from migrations.tables import add_columns, drop_columns

revision = '0019'
down_revision = '0018'

INDEXES = {  # name -> (table, columns)
    'ix_invoices_company_export': ('invoices', ['company_pk', 'issue_date', 'pk']),
    'ix_credit_notes_company_issued': ('credit_notes', ['company_pk', 'issue_date', 'pk']),
    'ix_payments_company_day': ('payments', ['company_pk', 'paid_at', 'pk']),
    'ix_refunds_company_day': ('refunds', ['company_pk', 'created_at', 'pk']),
}


def upgrade():
    add_columns('tax_rates', string('account', 16, nullable=True))
    add_columns('customers', string('account_number', 16, nullable=True))
    add_columns('companies', integers('datev_consultant_number', 'datev_client_number', nullable=True))
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade():
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
    drop_columns('companies', 'datev_consultant_number', 'datev_client_number')
    drop_columns('customers', 'account_number')
    drop_columns('tax_rates', 'account')
