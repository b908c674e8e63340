"""companies: einvoice_pdf (serve and mail Factur-X PDFs, DESIGN §14)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 00:45:00

On by default: an invoice that is ready for Factur-X is served and mailed as a PDF/A-3 with
its CII XML embedded; one that is not keeps the plain PDF.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies') as batch:
        batch.add_column(sa.Column('einvoice_pdf', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('companies') as batch:
        batch.drop_column('einvoice_pdf')
