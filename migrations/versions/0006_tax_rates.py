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

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tax_rates',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('company_pk', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('percentage', sa.Numeric(precision=6, scale=3), nullable=False),
    sa.Column('category', sa.String(length=2), nullable=False),
    sa.Column('exemption_reason', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_pk'], ['companies.pk'], name=op.f('fk_tax_rates_company_pk_companies')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_tax_rates')),
    sa.UniqueConstraint('id', name=op.f('uq_tax_rates_id'))
    )
    op.create_index('ix_tax_rates_company_list', 'tax_rates', ['company_pk', 'active', 'pk'], unique=False)


def downgrade():
    op.drop_index('ix_tax_rates_company_list', table_name='tax_rates')
    op.drop_table('tax_rates')
