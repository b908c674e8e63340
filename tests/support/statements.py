"""Counting the SQL statements a block or a request sends."""
from contextlib import contextmanager

from flask import g
from sqlalchemy import event

from app.extensions import db as _db


@contextmanager
def counting():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        # SQLite's explicit BEGIN (PostgreSQL's is not seen here), and the savepoints by which the
        # db fixture turns the code's commits into parts of the test's one transaction
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)


def fresh_request():
    _db.session.rollback()
    for name in ("actor", "_login_user"):
        g.pop(name, None)


def statements_for(client, url, **kwargs) -> int:
    """Statements of one request, after a first one has warmed the template cache. The test
    shares one app context, so each request starts as in production: no actor or user
    remembered in ``g``, no transaction left open."""
    responses = []
    for _ in range(2):
        fresh_request()
        with counting() as statements:
            responses.append(client.get(url, **kwargs))
    response = responses[-1]
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return len(statements)
