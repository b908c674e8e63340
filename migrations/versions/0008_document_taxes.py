"""priced documents: per-item tax rates, prices including tax, supply date or period, stored
tax breakdown, seller snapshot

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:40:00

DESIGN §10. Every new column is nullable or has a server default: an invoice saved before
keeps its figures (its items carry no rates, so its single ``tax_rate`` still applies and a
NULL ``tax_breakdown`` is derived from it).
"""
from migrations.columns import days, flag, jsons
from migrations.tables import add_columns, drop_columns

revision = '0008'
down_revision = '0007'


def upgrade():
    add_columns('invoices', flag('amounts_include_tax', False), jsons('tax_breakdown'),
                days('supply_date', 'supply_period_start', 'supply_period_end', nullable=True), jsons('seller_snapshot'))
    add_columns('invoice_items', jsons('tax_rates'))


def downgrade():
    drop_columns('invoice_items', 'tax_rates')
    drop_columns('invoices', 'seller_snapshot', 'supply_period_end', 'supply_period_start', 'supply_date',
                 'tax_breakdown', 'amounts_include_tax')
