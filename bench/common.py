"""Helpers shared by the benchmark scripts: an app on a given database, the biggest
company and its admin, a temporary API key, medians and query plans.

Run the scripts from the project root, e.g.
``.venv/bin/python -m bench.api_lists --database-url sqlite:////tmp/scale/sqlite-1m.db``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import contextmanager

from sqlalchemy import func, select, text

from app import create_app
from app.config import database_url
from app.extensions import db
from app.models import Company, Invoice, Membership, User
from app.services import accounts, transaction


def parser(description: str) -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(description=description)
    parse.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                       help="the seeded database (default: $DATABASE_URL)")
    parse.add_argument("--company-id", default=None, help="default: the company with the most invoices")
    parse.add_argument("--repeat", type=int, default=30, help="timed requests per measurement")
    return parse


def make_app(url: str | None):
    if not url:
        raise SystemExit("Give --database-url or set DATABASE_URL to a seeded database.")
    os.environ["DATABASE_URL"] = url
    instance = tempfile.mkdtemp(prefix="corebill-bench-")
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url(instance), "INSTANCE_PATH": instance,
                       "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})


def biggest_company(company_id: str | None) -> Company:
    if company_id:
        company = db.session.scalars(select(Company).where(Company.id == company_id)).first()
    else:
        busiest = (select(Invoice.company_pk).group_by(Invoice.company_pk)
                   .order_by(func.count().desc()).limit(1)).scalar_subquery()
        company = db.session.scalars(select(Company).where(Company.pk == busiest)).first()
    if company is None:
        raise SystemExit("No seeded company found: run `flask --app wsgi seed-demo` first.")
    return company


def admin_of(company: Company) -> User:
    return db.session.scalars(select(User).join(Membership, Membership.user_pk == User.pk)
                              .where(Membership.company_pk == company.pk, Membership.role == "admin")
                              .order_by(User.pk)).first()


@contextmanager
def temporary_api_key(user: User):
    """An API key for the run, revoked afterwards."""
    with transaction():
        key, raw = accounts.create_api_key(user, "benchmark")
    try:
        yield raw
    finally:
        with transaction():
            accounts.revoke_api_key(user, key.id)


def median_ms(action, repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def compare_ms(actions: dict, repeat: int, warmup: int = 2) -> dict[str, float]:
    """Median ms of each action, timed round-robin (A, B, C, A, B, C…) so that a change in
    the machine's load during the run affects every action alike."""
    for action in actions.values():
        for _ in range(warmup):
            action()
    timings = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            timings[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def explain(statement) -> str:
    """The plan of a SQLAlchemy statement: EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    dialect = db.session.get_bind().dialect
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        rows = db.session.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
        return "\n".join(f"  {row[3]}" for row in rows)
    rows = db.session.execute(text("EXPLAIN (ANALYZE, COSTS OFF) " + sql)).all()
    return "\n".join(f"  {row[0]}" for row in rows)


def backend() -> str:
    return db.session.get_bind().dialect.name
