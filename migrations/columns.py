"""The columns the migrations share (ids, references, money, timestamps, a priced document's
pricing and lines), so that each migration states only what is its own; ``migrations.tables``
creates and drops them with their constraints. A builder's column is required or optional as
that kind of column mostly is: strings, integers, dates and money required; texts, moments and
JSON optional (``nullable=`` says otherwise).

Frozen: every revision that has run somewhere emitted what these return, and a database built
from scratch must get the same schema. Never change what a builder returns; a new shape gets a
new builder. The revisions import this module as ``migrations.columns`` (``alembic.ini`` puts the
project folder on the import path, whichever way Alembic is started)."""
import sqlalchemy as sa

MONEY = sa.Numeric(precision=20, scale=4)
RATE = sa.Numeric(precision=7, scale=3)


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
            money('discount_value'), flag('amounts_include_tax', False),
            money('subtotal', 'discount_amount', 'subtotal_after_discount', 'tax_amount', 'total'), jsons('tax_breakdown')]


def item_line():
    """The columns of a priced document's line, from its name to its place in the list."""
    return [string('item_name', 200), texts('description'), money('quantity'), string('unit', 32, nullable=True),
            money('unit_price', 'subtotal', 'total'), integers('sort_order')]
