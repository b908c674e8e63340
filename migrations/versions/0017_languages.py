"""languages: a user's dashboard language, a customer's and the company's document language,
and the language a document was sent in (DESIGN §17)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 22:10:00

A company's document language starts from its locale's language where that is one of the six
(de_AT → de), else English. Existing users, customers and documents have none: users read
the dashboard in their browser's language, customers receive the company's, and documents
already sent are in English, the only language they could have been sent in.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import string
from migrations.tables import add_columns, drop_columns

revision = '0017'
down_revision = '0016'

LANGUAGES = ('de', 'fr', 'es', 'it', 'nl')
SENT = {'invoices': "status <> 'draft'", 'quotes': "status <> 'draft'", 'credit_notes': '1 = 1'}


def upgrade():
    add_columns('users', string('language', 8, nullable=True))
    add_columns('customers', string('language', 8, nullable=True))
    add_columns('companies', string('document_language', 8, nullable=True))
    for language in LANGUAGES:
        op.execute(f"UPDATE companies SET document_language = '{language}' WHERE locale = '{language}' "
                   f"OR locale LIKE '{language}\\_%' ESCAPE '\\'")
    op.execute("UPDATE companies SET document_language = 'en' WHERE document_language IS NULL")
    with op.batch_alter_table('companies') as batch:
        batch.alter_column('document_language', existing_type=sa.String(8), nullable=False, server_default='en')
    for table, sent in SENT.items():
        add_columns(table, string('language', 8, nullable=True))
        op.execute(f"UPDATE {table} SET language = 'en' WHERE {sent}")


def downgrade():
    for table in ('credit_notes', 'quotes', 'invoices', 'customers', 'users'):
        drop_columns(table, 'language')
    drop_columns('companies', 'document_language')
