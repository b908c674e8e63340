"""recurring invoices: schedules, their items, and the invoices they issue

Revision ID: 0010
Revises: 0009c
Create Date: 2026-12-02 01:00:00

DESIGN §13. The tick reads active recurring invoices through the (status, next issue date)
index. An issued invoice names its recurring invoice and the start of its period; the unique
constraint on that pair is what makes a period issue once, whichever worker gets there first.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009c'
branch_labels = None
depends_on = None

MONEY = sa.Numeric(precision=20, scale=4)


def upgrade():
    op.create_table(
        'recurring_invoices',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=16), nullable=False),
        sa.Column('company_pk', sa.Integer(), nullable=False),
        sa.Column('customer_pk', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('tax_id', sa.String(length=64), nullable=True),
        sa.Column('tax_rate', sa.Numeric(precision=7, scale=3), nullable=False),
        sa.Column('discount_type', sa.String(length=16), nullable=True),
        sa.Column('discount_value', MONEY, nullable=False),
        sa.Column('amounts_include_tax', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('subtotal', MONEY, nullable=False),
        sa.Column('discount_amount', MONEY, nullable=False),
        sa.Column('subtotal_after_discount', MONEY, nullable=False),
        sa.Column('tax_amount', MONEY, nullable=False),
        sa.Column('total', MONEY, nullable=False),
        sa.Column('tax_breakdown', sa.JSON(), nullable=True),
        sa.Column('payment_terms', sa.String(length=200), nullable=True),
        sa.Column('interval', sa.String(length=8), nullable=False),
        sa.Column('interval_count', sa.Integer(), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('end_date', sa.Date(), nullable=True),
        sa.Column('count', sa.Integer(), nullable=True),
        sa.Column('due_days', sa.Integer(), nullable=False),
        sa.Column('auto_send', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('next_period', sa.Integer(), nullable=False),
        sa.Column('next_issue_date', sa.Date(), nullable=True),
        sa.Column('issued_count', sa.Integer(), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['company_pk'], ['companies.pk'], name=op.f('fk_recurring_invoices_company_pk_companies')),
        sa.ForeignKeyConstraint(['customer_pk'], ['customers.pk'],
                                name=op.f('fk_recurring_invoices_customer_pk_customers')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_recurring_invoices')),
        sa.UniqueConstraint('id', name=op.f('uq_recurring_invoices_id')),
    )
    op.create_index('ix_recurring_invoices_due', 'recurring_invoices', ['status', 'next_issue_date'])
    op.create_index('ix_recurring_invoices_company_list', 'recurring_invoices', ['company_pk', 'pk'])
    op.create_table(
        'recurring_invoice_items',
        sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('id', sa.String(length=16), nullable=False),
        sa.Column('recurring_invoice_pk', sa.Integer(), nullable=False),
        sa.Column('item_name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('quantity', MONEY, nullable=False),
        sa.Column('unit', sa.String(length=32), nullable=True),
        sa.Column('unit_price', MONEY, nullable=False),
        sa.Column('subtotal', MONEY, nullable=False),
        sa.Column('total', MONEY, nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.Column('tax_rates', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['recurring_invoice_pk'], ['recurring_invoices.pk'],
                                name=op.f('fk_recurring_invoice_items_recurring_invoice_pk_recurring_invoices')),
        sa.PrimaryKeyConstraint('pk', name=op.f('pk_recurring_invoice_items')),
        sa.UniqueConstraint('id', name=op.f('uq_recurring_invoice_items_id')),
    )
    op.create_index(op.f('ix_recurring_invoice_items_recurring_invoice_pk'), 'recurring_invoice_items',
                    ['recurring_invoice_pk'])
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('recurring_invoice_pk', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('recurring_period_start', sa.Date(), nullable=True))
        batch.create_foreign_key(op.f('fk_invoices_recurring_invoice_pk_recurring_invoices'), 'recurring_invoices',
                                 ['recurring_invoice_pk'], ['pk'])
        batch.create_unique_constraint(op.f('uq_invoices_recurring_invoice_pk_recurring_period_start'),
                                       ['recurring_invoice_pk', 'recurring_period_start'])


def downgrade():
    with op.batch_alter_table('invoices') as batch:
        batch.drop_constraint(op.f('uq_invoices_recurring_invoice_pk_recurring_period_start'), type_='unique')
        batch.drop_constraint(op.f('fk_invoices_recurring_invoice_pk_recurring_invoices'), type_='foreignkey')
        batch.drop_column('recurring_period_start')
        batch.drop_column('recurring_invoice_pk')
    op.drop_index(op.f('ix_recurring_invoice_items_recurring_invoice_pk'), table_name='recurring_invoice_items')
    op.drop_table('recurring_invoice_items')
    op.drop_index('ix_recurring_invoices_company_list', table_name='recurring_invoices')
    op.drop_index('ix_recurring_invoices_due', table_name='recurring_invoices')
    op.drop_table('recurring_invoices')
