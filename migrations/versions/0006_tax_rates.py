"""tax rates (DESIGN §10)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00

A company's named tax rates ("VAT 19 %", "GST", "QST") with their EN 16931 category and,
for exempt, reverse-charge, intra-EU, export and out-of-scope rates, the reason printed on
the invoice. Rates are archived (active = false), never deleted; the list reads one index
range per company.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import flag, integers, pk, public_id, string, texts, timestamps
from migrations.tables import create_table

revision = '0006'
down_revision = '0005'


def upgrade():
    create_table('tax_rates', public_id(), integers('company_pk'), string('name', 100),
                 sa.Column('percentage', sa.Numeric(precision=6, scale=3), nullable=False), string('category', 2),
                 texts('exemption_reason'), flag('active'), pk(), timestamps(), refs={'company_pk': 'companies'})
    op.create_index('ix_tax_rates_company_list', 'tax_rates', ['company_pk', 'active', 'pk'], unique=False)


def downgrade():
    op.drop_index('ix_tax_rates_company_list', table_name='tax_rates')
    op.drop_table('tax_rates')
