"""Record the SQL statements an action runs (SQLAlchemy cursor events), with their time,
and explain the slowest ones with the database's own planner."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from app.extensions import db


@dataclass
class Statement:
    sql: str
    parameters: object
    ms: float = 0.0


@dataclass
class Recorder:
    statements: list[Statement] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def slowest(self, n: int = 3) -> list[Statement]:
        return sorted(self.statements, key=lambda s: s.ms, reverse=True)[:n]


@contextmanager
def recording(engine=None):
    """Every statement sent to ``engine`` (default: the app's) while the block runs."""
    engine = engine or db.engine
    recorder = Recorder()
    started: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        started.append(time.perf_counter())
        recorder.statements.append(Statement(statement, parameters))

    def after(conn, cursor, statement, parameters, context, executemany):
        if started:
            recorder.statements[-1].ms = (time.perf_counter() - started.pop()) * 1000

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield recorder
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def explain_raw(statement: Statement) -> str:
    """The plan of a recorded statement (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.sql, statement.parameters).all()
            return "\n".join(f"    {row[3]}" for row in rows)
        rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + statement.sql, statement.parameters).all()
        connection.rollback()
        return "\n".join(f"    {row[0]}" for row in rows)
