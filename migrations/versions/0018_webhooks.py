"""webhooks: endpoints, events, deliveries and their attempts (DESIGN §18)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 01:20:00

Nothing existing changes: events are written from this release on.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import integers, moments, pk, public_id, string, texts
from migrations.tables import create_table, drop_table

revision = '0018'
down_revision = '0017'

COMPANY = {'company_pk': 'companies'}


def upgrade():
    create_table('webhook_endpoints', pk(), public_id(), integers('company_pk'), string('url', 2048),
                 string('description', 500, nullable=True),
                 sa.Column('enabled_events', sa.JSON(), nullable=False), string('status', 16),
                 texts('secret_sealed', nullable=False), moments('failing_since', 'disabled_at'),
                 moments('created_at', 'updated_at', nullable=False), refs=COMPANY)
    op.create_index('ix_webhook_endpoints_company_pk', 'webhook_endpoints', ['company_pk', 'pk'])
    create_table('events', pk(), public_id(), integers('company_pk'), string('type', 40),
                 texts('body', nullable=False), moments('created_at', nullable=False), refs=COMPANY)
    op.create_index('ix_events_company_pk', 'events', ['company_pk', 'pk'])
    op.create_index('ix_events_created_at', 'events', ['created_at'])
    create_table('webhook_deliveries', pk(), integers('company_pk', 'endpoint_pk', 'event_pk'), string('status', 16),
                 integers('attempts'), moments('next_attempt_at'), moments('created_at', nullable=False),
                 refs={**COMPANY, 'endpoint_pk': 'webhook_endpoints', 'event_pk': 'events'}, unique=())
    op.create_index('ix_webhook_deliveries_due', 'webhook_deliveries', ['status', 'next_attempt_at'])
    op.create_index('ix_webhook_deliveries_endpoint', 'webhook_deliveries', ['endpoint_pk', 'pk'])
    op.create_index('ix_webhook_deliveries_event', 'webhook_deliveries', ['event_pk'])
    create_table('webhook_attempts', pk(), integers('company_pk', 'endpoint_pk', 'delivery_pk', 'number'),
                 moments('attempted_at', nullable=False), sa.Column('succeeded', sa.Boolean(), nullable=False),
                 integers('status_code', nullable=True), integers('duration_ms'), texts('response_start'),
                 string('error', 200, nullable=True),
                 refs={**COMPANY, 'endpoint_pk': 'webhook_endpoints', 'delivery_pk': 'webhook_deliveries'}, unique=())
    op.create_index('ix_webhook_attempts_endpoint', 'webhook_attempts', ['endpoint_pk', 'pk'])
    op.create_index('ix_webhook_attempts_delivery', 'webhook_attempts', ['delivery_pk'])


def downgrade():
    drop_table('webhook_attempts', 'ix_webhook_attempts_delivery', 'ix_webhook_attempts_endpoint')
    drop_table('webhook_deliveries', 'ix_webhook_deliveries_event', 'ix_webhook_deliveries_endpoint',
               'ix_webhook_deliveries_due')
    drop_table('events', 'ix_events_created_at', 'ix_events_company_pk')
    drop_table('webhook_endpoints', 'ix_webhook_endpoints_company_pk')
