"""how to pay: bank accounts, an invoice's account and payment reference, the seller's contact
and both parties' Peppol ids (DESIGN §15)

Revision ID: 0015
Revises: 0014c
Create Date: 2026-12-07 15:40:00

Existing companies make their payment references from the invoice number (``"number"``); their
invoices have no account until one is added, and sent ones keep printing none.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import flag, integers, jsons, pk, public_id, string, timestamps
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0015'
down_revision = '0014c'

BANK_ACCOUNT = {'bank_account_pk': 'bank_accounts'}


def upgrade():
    create_table('bank_accounts', pk(), public_id(), integers('company_pk'), string('label', 100),
                 string('account_holder', 70), string('iban', 34, nullable=True), string('bic', 11, nullable=True),
                 string('account_number', 34, nullable=True), string('routing_number', 9, nullable=True),
                 string('sort_code', 6, nullable=True), string('currency', 3), flag('is_default', False),
                 timestamps(), refs={'company_pk': 'companies'})
    op.create_index('ix_bank_accounts_company_currency', 'bank_accounts', ['company_pk', 'currency', 'pk'])
    add_columns('companies', string('contact_name', 200, nullable=True), string('contact_phone', 64, nullable=True),
                string('peppol_id', 100, nullable=True),
                sa.Column('payment_reference_format', sa.String(length=16), server_default='number', nullable=False))
    add_columns('customers', string('peppol_id', 100, nullable=True))
    add_columns('invoices', integers('bank_account_pk', nullable=True), jsons('bank_account_snapshot'),
                string('payment_reference', 40, nullable=True), refs=BANK_ACCOUNT)


def downgrade():
    drop_columns('invoices', 'payment_reference', 'bank_account_snapshot', 'bank_account_pk', refs=BANK_ACCOUNT)
    drop_columns('customers', 'peppol_id')
    drop_columns('companies', 'payment_reference_format', 'peppol_id', 'contact_phone', 'contact_name')
    drop_table('bank_accounts', 'ix_bank_accounts_company_currency')
