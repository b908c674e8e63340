"""SQLite connection settings: WAL, full synchronous writes, foreign keys, and transactions
that take the write lock up front when the request intends to write, so that two writers
wait for each other instead of failing on a stale snapshot."""
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _writes() -> bool:
    """A client's page view is recorded (a write); its PDF download is a read and must not hold
    the write lock while it renders (every other company's writes would wait behind it)."""
    if not has_request_context():
        return True  # CLI, tests, scripts
    return request.method not in READ_METHODS or (request.path.startswith(("/i/", "/q/"))
                                                  and not request.path.endswith("/pdf"))


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, connection_record):
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes() else "BEGIN")
