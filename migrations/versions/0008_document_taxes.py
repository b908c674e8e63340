"""priced documents: per-item tax rates, prices including tax, supply date or period, stored
tax breakdown, seller snapshot

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:40:00

DESIGN §10. Every new column is nullable or has a server default: an invoice saved before
keeps its figures (its items carry no rates, so its single ``tax_rate`` still applies and a
NULL ``tax_breakdown`` is derived from it).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoices') as batch:
        batch.add_column(sa.Column('amounts_include_tax', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('tax_breakdown', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('supply_date', sa.Date(), nullable=True))
        batch.add_column(sa.Column('supply_period_start', sa.Date(), nullable=True))
        batch.add_column(sa.Column('supply_period_end', sa.Date(), nullable=True))
        batch.add_column(sa.Column('seller_snapshot', sa.JSON(), nullable=True))
    with op.batch_alter_table('invoice_items') as batch:
        batch.add_column(sa.Column('tax_rates', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('invoice_items') as batch:
        batch.drop_column('tax_rates')
    with op.batch_alter_table('invoices') as batch:
        for column in ('seller_snapshot', 'supply_period_end', 'supply_period_start', 'supply_date',
                       'tax_breakdown', 'amounts_include_tax'):
            batch.drop_column(column)
