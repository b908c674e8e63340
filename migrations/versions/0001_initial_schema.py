"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 05:40:26.178741

"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import RATE, days, integers, item_line, jsons, moments, money, pk, public_id, string, texts, timestamps
from migrations.tables import create_table, drop_table

revision = '0001'
down_revision = None

COMPANY = {'company_pk': 'companies'}
INVOICE = {'invoice_pk': 'invoices'}


def upgrade():
    create_table('companies', public_id(), string('name', 200), string('legal_name', 200, nullable=True),
                 texts('address'), string('vat_id', 64, nullable=True), string('email', 254, nullable=True),
                 string('currency', 3), string('invoice_prefix', 16), string('timezone', 64), string('locale', 16),
                 pk(), timestamps())
    create_table('users', public_id(), string('email', 254), string('name', 200), string('password_hash', 255),
                 string('session_token', 64), pk(), timestamps(), unique=('email', 'id'))
    create_table('api_keys', public_id(), integers('user_pk'), string('name', 100), string('key_hash', 64),
                 string('display_prefix', 16), moments('last_used_at', 'revoked_at'), pk(), timestamps(),
                 refs={'user_pk': 'users'}, unique=('id', 'key_hash'))
    op.create_index(op.f('ix_api_keys_user_pk'), 'api_keys', ['user_pk'])

    create_table('customers', public_id(), integers('company_pk'), string('name', 200), string('slug', 220),
                 string('country', 2), string('contact_email', 254, nullable=True),
                 string('contact_phone', 64, nullable=True), string('city', 120, nullable=True),
                 string('zipcode', 32, nullable=True), string('currency', 3), string('legal_name', 200, nullable=True),
                 texts('legal_address'), string('legal_vat', 64, nullable=True), texts('notes'), string('status', 16),
                 moments('deleted_at'), pk(), timestamps(), refs=COMPANY, unique=(('company_pk', 'slug'), 'id'))
    op.create_index('ix_customers_company_list', 'customers', ['company_pk', 'deleted_at', 'pk'])

    create_table('invoice_counters', integers('company_pk'),
                 sa.Column('year', sa.Integer(), autoincrement=False, nullable=False), integers('value'),
                 refs=COMPANY, unique=(), primary=('company_pk', 'year'))
    create_table('memberships', integers('user_pk', 'company_pk'), string('role', 16), pk(), timestamps(),
                 refs={**COMPANY, 'user_pk': 'users'}, unique=[('user_pk', 'company_pk')])
    op.create_index(op.f('ix_memberships_company_pk'), 'memberships', ['company_pk'])
    op.create_index(op.f('ix_memberships_user_pk'), 'memberships', ['user_pk'])

    create_table('idempotency_records', integers('api_key_pk'), string('key', 255), string('request_hash', 64),
                 integers('response_status'), texts('response_body', nullable=False),
                 moments('created_at', nullable=False), pk(), refs={'api_key_pk': 'api_keys'},
                 unique=[('api_key_pk', 'key')])
    op.create_index(op.f('ix_idempotency_records_created_at'), 'idempotency_records', ['created_at'])

    create_table('invoices', public_id(), integers('company_pk', 'customer_pk'), string('invoice_number', 40),
                 string('status', 16), days('issue_date', 'due_date'), string('currency', 3), texts('notes'),
                 string('payment_terms', 200, nullable=True), string('tax_id', 64, nullable=True),
                 sa.Column('tax_rate', RATE, nullable=False), string('discount_type', 16, nullable=True),
                 money('discount_value', 'subtotal', 'discount_amount', 'subtotal_after_discount', 'tax_amount',
                       'total', 'amount_paid', 'amount_refunded', 'amount_due'),
                 string('public_token', 64), jsons('billing_snapshot'),
                 moments('sent_at', 'viewed_at', 'paid_at', 'cancelled_at'), texts('cancellation_reason'),
                 moments('deleted_at'), pk(), timestamps(), refs={**COMPANY, 'customer_pk': 'customers'},
                 unique=(('company_pk', 'invoice_number'), 'id', 'public_token'))
    for name, columns in (('company_customer', ['company_pk', 'customer_pk', 'pk']),
                          ('company_due', ['company_pk', 'due_date']),
                          ('company_list', ['company_pk', 'deleted_at', 'pk']),
                          ('company_status', ['company_pk', 'status', 'pk'])):
        op.create_index(f'ix_invoices_{name}', 'invoices', columns)

    create_table('activities', public_id(), integers('company_pk'), integers('invoice_pk', nullable=True),
                 string('subject_type', 16), string('subject_id', 16), string('action', 40),
                 string('actor_type', 16), integers('user_pk', 'api_key_pk', nullable=True), jsons('details'),
                 moments('created_at', nullable=False), pk(),
                 refs={'api_key_pk': 'api_keys', **COMPANY, **INVOICE, 'user_pk': 'users'})
    op.create_index('ix_activities_company_pk', 'activities', ['company_pk', 'pk'])
    op.create_index('ix_activities_invoice', 'activities', ['invoice_pk', 'pk'])

    create_table('invoice_items', public_id(), integers('invoice_pk'), item_line(), pk(), refs=INVOICE)
    op.create_index(op.f('ix_invoice_items_invoice_pk'), 'invoice_items', ['invoice_pk'])

    create_table('payments', public_id(), integers('invoice_pk'), money('amount'),
                 string('payment_method', 64, nullable=True), string('transaction_id', 128, nullable=True),
                 days('paid_at'), texts('notes'), pk(), timestamps(), refs=INVOICE)
    op.create_index(op.f('ix_payments_invoice_pk'), 'payments', ['invoice_pk'])

    create_table('refunds', public_id(), integers('invoice_pk'), money('amount'), texts('reason'),
                 string('payment_method', 64, nullable=True), moments('created_at', nullable=False), pk(),
                 refs=INVOICE)
    op.create_index(op.f('ix_refunds_invoice_pk'), 'refunds', ['invoice_pk'])


def downgrade():
    drop_table('refunds', 'ix_refunds_invoice_pk')
    drop_table('payments', 'ix_payments_invoice_pk')
    drop_table('invoice_items', 'ix_invoice_items_invoice_pk')
    drop_table('activities', 'ix_activities_invoice', 'ix_activities_company_pk')
    drop_table('invoices', 'ix_invoices_company_status', 'ix_invoices_company_list', 'ix_invoices_company_due',
               'ix_invoices_company_customer')
    drop_table('idempotency_records', 'ix_idempotency_records_created_at')
    drop_table('memberships', 'ix_memberships_user_pk', 'ix_memberships_company_pk')
    drop_table('invoice_counters')
    drop_table('customers', 'ix_customers_company_list')
    drop_table('api_keys', 'ix_api_keys_user_pk')
    drop_table('users')
    drop_table('companies')
