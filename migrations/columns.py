"""What the migrations share: column builders, and tables and columns created and dropped with
their constraints named as the models name them (``app/extensions.py``'s naming convention), so
that each migration states only what is its own.

Frozen: every revision that has run somewhere emitted what these return, and a database built
from scratch must get the same schema. Never change what a builder returns; a new shape gets a
new builder. The revisions import this module as ``migrations.columns`` (``alembic.ini`` puts the
project folder on the import path, whichever way Alembic is started)."""
import sqlalchemy as sa
from alembic import op

MONEY = sa.Numeric(precision=20, scale=4)
RATE = sa.Numeric(precision=7, scale=3)
# The stored totals of a priced document (an invoice, a recurring invoice, a credit note, a quote) and of an item.
FIGURES = ('subtotal', 'discount_amount', 'subtotal_after_discount', 'tax_amount', 'total')


def _flat(columns):
    for column in columns:
        if isinstance(column, (list, tuple)):
            yield from _flat(column)
        else:
            yield column


def pk():
    """The row's key; foreign keys point at it (what the outside world sees is ``id``)."""
    return sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False)


def public_id():
    return sa.Column('id', sa.String(length=16), nullable=False)


def string(name, length, nullable=False):
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def integers(*names, nullable=False):
    return [sa.Column(name, sa.Integer(), nullable=nullable) for name in names]


def texts(*names, nullable=True):
    return [sa.Column(name, sa.Text(), nullable=nullable) for name in names]


def moments(*names, nullable=True):
    """Points in time, stored with their timezone."""
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=nullable) for name in names]


def days(*names, nullable=False):
    return [sa.Column(name, sa.Date(), nullable=nullable) for name in names]


def money(*names):
    return [sa.Column(name, MONEY, nullable=False) for name in names]


def jsons(*names):
    return [sa.Column(name, sa.JSON(), nullable=True) for name in names]


def flag(name, default=None):
    """A boolean that is never NULL; ``default`` (True or False) is the server's, for the rows already there."""
    server_default = None if default is None else (sa.true() if default else sa.false())
    return sa.Column(name, sa.Boolean(), server_default=server_default, nullable=False)


def timestamps():
    return moments('created_at', 'updated_at', nullable=False)


def pricing():
    """How a priced document (a recurring invoice, a credit note, a quote) is priced, and its stored totals."""
    return [string('currency', 3), texts('notes'), string('tax_id', 64, nullable=True),
            sa.Column('tax_rate', RATE, nullable=False), string('discount_type', 16, nullable=True),
            money('discount_value'), flag('amounts_include_tax', False), money(*FIGURES), jsons('tax_breakdown')]


def item_line():
    """The columns of a priced document's line, from its name to its place in the list."""
    return [string('item_name', 200), texts('description'), money('quantity'), string('unit', 32, nullable=True),
            money('unit_price', 'subtotal', 'total'), integers('sort_order')]


def _foreign_key_name(table, column, target):
    return op.f(f'fk_{table}_{column}_{target}')


def _unique(columns):
    return (columns,) if isinstance(columns, str) else tuple(columns)


def _unique_name(table, columns):
    return op.f(f"uq_{table}_{'_'.join(columns)}")


def create_table(name, *columns, refs=None, unique=('id',), primary=('pk',)):
    """CREATE TABLE with ``columns`` (lists are spread), then its foreign keys (``refs``: column →
    the table whose pk it holds), its primary key and a unique constraint per entry of ``unique``
    (a column, or a tuple of columns)."""
    op.create_table(
        name, *_flat(columns),
        *(sa.ForeignKeyConstraint([column], [f'{target}.pk'], name=_foreign_key_name(name, column, target))
          for column, target in (refs or {}).items()),
        sa.PrimaryKeyConstraint(*primary, name=op.f(f'pk_{name}')),
        *(sa.UniqueConstraint(*_unique(entry), name=_unique_name(name, _unique(entry))) for entry in unique))


def drop_table(name, *indexes):
    """DROP each index of ``indexes`` (in that order), then the table."""
    for index in indexes:
        op.drop_index(index, table_name=name)
    op.drop_table(name)


def add_columns(table, *columns, refs=None, unique=(), recreate='auto'):
    """ADD ``columns`` to ``table`` (lists are spread), then its new foreign keys (``refs``: column →
    table) and unique constraints, in one batch: SQLite copies the table once, if at all."""
    with op.batch_alter_table(table, recreate=recreate) as batch:
        for column in _flat(columns):
            batch.add_column(column)
        for column, target in (refs or {}).items():
            batch.create_foreign_key(_foreign_key_name(table, column, target), target, [column], ['pk'])
        for entry in unique:
            batch.create_unique_constraint(_unique_name(table, _unique(entry)), list(_unique(entry)))


def drop_columns(table, *names, refs=None, unique=(), recreate='auto'):
    """What :func:`add_columns` did, undone: the unique constraints, the foreign keys, then the
    columns ``names`` (in that order), in one batch."""
    with op.batch_alter_table(table, recreate=recreate) as batch:
        for entry in unique:
            batch.drop_constraint(_unique_name(table, _unique(entry)), type_='unique')
        for column, target in (refs or {}).items():
            batch.drop_constraint(_foreign_key_name(table, column, target), type_='foreignkey')
        for name in names:
            batch.drop_column(name)
