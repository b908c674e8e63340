"""quotes: quotes and their items, a quote number prefix, and the invoice's link to the quote
it came from

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:00:00

DESIGN §12. Quotes number from their own counter: ``invoice_counters`` rows of kind ``quote``
(the ``kind`` column came with 0011).
``invoices.quote_pk`` is unique: a quote converts into one invoice at most, whatever the
concurrency.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import days, integers, item_line, jsons, moments, pk, pricing, public_id, string, texts, timestamps
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0012'
down_revision = '0011'

QUOTE = {'quote_pk': 'quotes'}


def upgrade():
    add_columns('companies', sa.Column('quote_prefix', sa.String(length=16), server_default='QT', nullable=False))
    create_table('quotes', pk(), public_id(), integers('company_pk', 'customer_pk'), string('number', 40),
                 string('status', 16), days('issue_date', 'expiry_date'), texts('terms'), string('public_token', 64),
                 moments('sent_at', 'viewed_at', 'accepted_at'), string('accepted_by', 200, nullable=True),
                 moments('declined_at'), texts('decline_reason'), moments('cancelled_at', 'deleted_at'), timestamps(),
                 pricing(), refs={'company_pk': 'companies', 'customer_pk': 'customers'},
                 unique=(('company_pk', 'number'), 'id', 'public_token'))
    op.create_index('ix_quotes_company_list', 'quotes', ['company_pk', 'deleted_at', 'pk'])
    op.create_index('ix_quotes_company_status', 'quotes', ['company_pk', 'status', 'pk'])
    op.create_index('ix_quotes_company_customer', 'quotes', ['company_pk', 'customer_pk', 'pk'])
    create_table('quote_items', pk(), public_id(), integers('quote_pk'), item_line(), jsons('tax_rates'), refs=QUOTE)
    op.create_index(op.f('ix_quote_items_quote_pk'), 'quote_items', ['quote_pk'])
    add_columns('invoices', integers('quote_pk', nullable=True), refs=QUOTE, unique=['quote_pk'])


def downgrade():
    drop_columns('invoices', 'quote_pk', refs=QUOTE, unique=['quote_pk'])
    drop_table('quote_items', 'ix_quote_items_quote_pk')
    drop_table('quotes', 'ix_quotes_company_customer', 'ix_quotes_company_status', 'ix_quotes_company_list')
    op.execute("DELETE FROM invoice_counters WHERE kind = 'quote'")
    drop_columns('companies', 'quote_prefix')
