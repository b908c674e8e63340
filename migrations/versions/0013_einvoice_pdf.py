"""companies: einvoice_pdf (serve and mail Factur-X PDFs, DESIGN §14)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 00:45:00

On by default: an invoice that is ready for Factur-X is served and mailed as a PDF/A-3 with
its CII XML embedded; one that is not keeps the plain PDF.
"""
from migrations.columns import flag
from migrations.tables import add_columns, drop_columns

revision = '0013'
down_revision = '0012'


def upgrade():
    add_columns('companies', flag('einvoice_pdf', True))


def downgrade():
    drop_columns('companies', 'einvoice_pdf')
