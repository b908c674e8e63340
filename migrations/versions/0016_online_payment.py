"""online payment: the Stripe connection, checkout sessions, handled events, payments from a
provider and refunds that name their payment (DESIGN §16)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:10:00

Existing invoices offer online payment (it shows only once the company connects Stripe);
existing payments were typed in (no provider) and existing refunds name no payment.
"""
from alembic import op

from migrations.columns import flag, integers, moments, money, pk, public_id, string, texts
from migrations.tables import add_columns, create_table, drop_columns, drop_table

revision = '0016'
down_revision = '0015'

PAYMENT = {'payment_pk': 'payments'}


def upgrade():
    add_columns('companies', texts('stripe_secret_key_sealed', 'stripe_webhook_secret_sealed'))
    add_columns('invoices', flag('online_payment', True))
    add_columns('payments', string('provider', 16, nullable=True), string('provider_payment_id', 128, nullable=True),
                unique=[('company_pk', 'provider', 'provider_payment_id')])
    add_columns('refunds', integers('payment_pk', nullable=True), string('provider_refund_id', 128, nullable=True),
                refs=PAYMENT)
    op.create_index('ix_refunds_payment_pk', 'refunds', ['payment_pk'])
    create_table('checkout_sessions', pk(), public_id(), integers('company_pk', 'invoice_pk'),
                 string('stripe_id', 255), texts('url', nullable=False), money('amount'), string('currency', 3),
                 integers('attempt'), string('status', 16), string('payment_status', 16),
                 moments('created_at', nullable=False), moments('settled_at'),
                 refs={'company_pk': 'companies', 'invoice_pk': 'invoices'}, unique=('id', ('company_pk', 'stripe_id')))
    op.create_index('ix_checkout_sessions_unsettled', 'checkout_sessions', ['settled_at', 'created_at'])
    op.create_index('ix_checkout_sessions_invoice', 'checkout_sessions', ['invoice_pk', 'status'])
    create_table('stripe_events', pk(), integers('company_pk'), string('event_id', 255), string('type', 255),
                 moments('received_at', nullable=False), refs={'company_pk': 'companies'},
                 unique=(('company_pk', 'event_id'),))


def downgrade():
    drop_table('stripe_events')
    drop_table('checkout_sessions', 'ix_checkout_sessions_invoice', 'ix_checkout_sessions_unsettled')
    op.drop_index('ix_refunds_payment_pk', table_name='refunds')
    drop_columns('refunds', 'provider_refund_id', 'payment_pk', refs=PAYMENT)
    drop_columns('payments', 'provider_payment_id', 'provider', unique=[('company_pk', 'provider', 'provider_payment_id')])
    drop_columns('invoices', 'online_payment')
    drop_columns('companies', 'stripe_webhook_secret_sealed', 'stripe_secret_key_sealed')
