"""The service layer: every rule of DESIGN §3–§5, called by every door.

Services take plain inputs, raise typed errors from :mod:`app.services.errors`, flush but
never commit. A door wraps one action in :func:`transaction`, which commits once on
success and rolls everything back on any error.
"""
import sqlite3
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from app.extensions import db

SERIALIZATION_FAILURE = "40001"  # PostgreSQL's SQLSTATE


@contextmanager
def transaction():
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def read_one_snapshot() -> None:
    """Let the transaction about to begin read one snapshot of the database in all its
    statements, so that an invoice read in one statement and its payments in the next agree
    even while a payment is being recorded. SQLite's transactions do so already; PostgreSQL's
    default (READ COMMITTED) takes a snapshot per statement, so it gets REPEATABLE READ.
    Call it before the transaction's first statement: a transaction already under way keeps
    its level (a request starts without one; a test's session may have one open)."""
    if not db.session().in_transaction() and db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def lost_to_a_concurrent_write(error: DBAPIError) -> bool:
    """True when a transaction that read one snapshot could not write, because another one
    changed the same data since (the reads' only write, the API key's last use, can meet
    another request's): nothing was changed, and running it again succeeds."""
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        return getattr(original, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY_SNAPSHOT
    return getattr(original, "sqlstate", None) == SERIALIZATION_FAILURE
