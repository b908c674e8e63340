"""structured addresses of companies and customers, the customer's buyer reference

Revision ID: 0009c
Revises: 0008
Create Date: 2026-12-02 01:00:00

DESIGN §10. The free-text addresses (``companies.address``, ``customers.legal_address``)
move into ``address_line1`` / ``address_line2`` without loss: the first non-blank line
becomes line 1, the other non-blank lines become line 2 joined by ", " (each line stripped).
The customer's ``zipcode`` column is renamed ``postal_code`` (its data stays). Downgrading
joins the two lines back with a line break.

Invoices sent before this revision have no seller snapshot (column of 0008): each gets its
company's details as they are now, so from here on editing the company changes no sent
invoice (what they showed until now was the live company anyway).

Columns are dropped and renamed in place (``recreate='never'``: SQLite's own ALTER TABLE
DROP/RENAME COLUMN, SQLite 3.35+): recreating ``companies`` or ``customers`` would fail on the
rows that reference them, since foreign keys are enforced.
"""
import sqlalchemy as sa
from alembic import op

from migrations.columns import string, texts
from migrations.tables import add_columns, drop_columns

revision = '0009c'
down_revision = '0008'


def split(text):
    """(line 1, line 2) of a free-text address; the rule stated above (this migration keeps
    its own copy: app code may change after it ran)."""
    lines = [line.strip() for line in (text or '').splitlines() if line.strip()]
    return (lines[0] if lines else None), (', '.join(lines[1:]) or None)


def _move(table, old, key):
    connection = op.get_bind()
    rows = connection.execute(sa.text(f'SELECT {key}, {old} FROM {table} WHERE {old} IS NOT NULL')).fetchall()
    update = sa.text(f'UPDATE {table} SET address_line1 = :one, address_line2 = :two WHERE {key} = :key')
    for row_key, text in rows:
        one, two = split(text)
        connection.execute(update, {'one': one, 'two': two, 'key': row_key})


def _join(table, new, key):
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        f'SELECT {key}, address_line1, address_line2 FROM {table} '
        'WHERE address_line1 IS NOT NULL OR address_line2 IS NOT NULL')).fetchall()
    update = sa.text(f'UPDATE {table} SET {new} = :text WHERE {key} = :key')
    for row_key, one, two in rows:
        connection.execute(update, {'text': '\n'.join(line for line in (one, two) if line), 'key': row_key})


SELLER_KEYS = ('name', 'legal_name', 'address_line1', 'address_line2', 'city', 'postal_code', 'region',
               'country', 'vat_id', 'email')


def _seller_snapshots():
    connection = op.get_bind()
    companies = connection.execute(sa.text(f"SELECT pk, {', '.join(SELLER_KEYS)} FROM companies")).fetchall()
    update = sa.text('UPDATE invoices SET seller_snapshot = :snapshot WHERE company_pk = :pk '
                     'AND sent_at IS NOT NULL AND seller_snapshot IS NULL'
                     ).bindparams(sa.bindparam('snapshot', type_=sa.JSON()))
    for row in companies:
        connection.execute(update, {'snapshot': dict(zip(SELLER_KEYS, row[1:])), 'pk': row[0]})


def _rename_postal_code(old, new):
    with op.batch_alter_table('customers', recreate='never') as batch:
        batch.alter_column(old, new_column_name=new, existing_type=sa.String(length=32))


def upgrade():
    add_columns('companies', texts('address_line1', 'address_line2'), string('city', 120, nullable=True),
                string('postal_code', 32, nullable=True), string('region', 120, nullable=True))
    _move('companies', 'address', 'pk')
    drop_columns('companies', 'address', recreate='never')
    _seller_snapshots()

    add_columns('customers', texts('address_line1', 'address_line2'), string('region', 120, nullable=True),
                string('buyer_reference', 200, nullable=True))
    _rename_postal_code('zipcode', 'postal_code')
    _move('customers', 'legal_address', 'pk')
    drop_columns('customers', 'legal_address', recreate='never')


def downgrade():
    add_columns('customers', texts('legal_address'))
    _join('customers', 'legal_address', 'pk')
    _rename_postal_code('postal_code', 'zipcode')
    drop_columns('customers', 'buyer_reference', 'region', 'address_line2', 'address_line1', recreate='never')

    add_columns('companies', texts('address'))
    _join('companies', 'address', 'pk')
    drop_columns('companies', 'region', 'postal_code', 'city', 'address_line2', 'address_line1', recreate='never')
