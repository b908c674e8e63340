"""Tables and columns created and dropped with their constraints named as the models name them
(``app/extensions.py``'s naming convention: ``fk_<table>_<column>_<referred table>``,
``pk_<table>``, ``uq_<table>_<columns>``); every reference points at the referred table's ``pk``.

Frozen like ``migrations.columns``: never change what these emit."""
import sqlalchemy as sa
from alembic import op


def _flat(columns):
    for column in columns:
        if isinstance(column, (list, tuple)):
            yield from _flat(column)
        else:
            yield column


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
