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

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies') as batch:
        batch.add_column(sa.Column('quote_prefix', sa.String(length=16), server_default='QT', nullable=False))
    op.create_table(
        'quotes',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=16), nullable=False),
        sa.Column('company_pk', sa.Integer(), nullable=False),
        sa.Column('customer_pk', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('issue_date', sa.Date(), nullable=False),
        sa.Column('expiry_date', sa.Date(), nullable=False),
        sa.Column('terms', sa.Text(), nullable=True),
        sa.Column('public_token', sa.String(length=64), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('viewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('accepted_by', sa.String(length=200), nullable=True),
        sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decline_reason', sa.Text(), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('tax_id', sa.String(length=64), nullable=True),
        sa.Column('tax_rate', sa.Numeric(precision=7, scale=3), nullable=False),
        sa.Column('discount_type', sa.String(length=16), nullable=True),
        sa.Column('discount_value', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('amounts_include_tax', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('subtotal', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('discount_amount', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('subtotal_after_discount', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('tax_amount', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('total', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('tax_breakdown', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['company_pk'], ['companies.pk'], name=op.f('fk_quotes_company_pk_companies')),
        sa.ForeignKeyConstraint(['customer_pk'], ['customers.pk'], name=op.f('fk_quotes_customer_pk_customers')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_quotes')),
        sa.UniqueConstraint('company_pk', 'number', name=op.f('uq_quotes_company_pk_number')),
        sa.UniqueConstraint('id', name=op.f('uq_quotes_id')),
        sa.UniqueConstraint('public_token', name=op.f('uq_quotes_public_token')),
    )
    op.create_index('ix_quotes_company_list', 'quotes', ['company_pk', 'deleted_at', 'pk'])
    op.create_index('ix_quotes_company_status', 'quotes', ['company_pk', 'status', 'pk'])
    op.create_index('ix_quotes_company_customer', 'quotes', ['company_pk', 'customer_pk', 'pk'])
    op.create_table(
        'quote_items',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=16), nullable=False),
        sa.Column('quote_pk', sa.Integer(), nullable=False),
        sa.Column('item_name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('quantity', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('unit', sa.String(length=32), nullable=True),
        sa.Column('unit_price', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('subtotal', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('total', sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('tax_rates', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['quote_pk'], ['quotes.pk'], name=op.f('fk_quote_items_quote_pk_quotes')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_quote_items')),
        sa.UniqueConstraint('id', name=op.f('uq_quote_items_id')),
    )
    op.create_index(op.f('ix_quote_items_quote_pk'), 'quote_items', ['quote_pk'])
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('quote_pk', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_invoices_quote_pk_quotes'), 'quotes', ['quote_pk'], ['pk'])
        batch.create_unique_constraint(op.f('uq_invoices_quote_pk'), ['quote_pk'])


def downgrade():
    with op.batch_alter_table('invoices') as batch:
        batch.drop_constraint('uq_invoices_quote_pk', type_='unique')
        batch.drop_constraint('fk_invoices_quote_pk_quotes', type_='foreignkey')
        batch.drop_column('quote_pk')
    op.drop_index('ix_quote_items_quote_pk', table_name='quote_items')
    op.drop_table('quote_items')
    for name in ('ix_quotes_company_customer', 'ix_quotes_company_status', 'ix_quotes_company_list'):
        op.drop_index(name, table_name='quotes')
    op.drop_table('quotes')
    op.execute("DELETE FROM invoice_counters WHERE kind = 'quote'")
    with op.batch_alter_table('companies') as batch:
        batch.drop_column('quote_prefix')
