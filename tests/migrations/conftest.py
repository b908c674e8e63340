"""Migration tests: a database of their own at an old revision, and rows written there with plain
SQL as that revision stored them (today's models do not fit its schema)."""
import contextlib
import os
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import text

from app.extensions import db as _db


@contextlib.contextmanager
def _database_at(app, revision: str):
    from tests.security.helpers import other_app  # it imports this module

    url, schema = app.config["SQLALCHEMY_DATABASE_URI"], f"migration_{revision}"
    postgres = url.startswith("postgresql")
    if postgres:
        with app.app_context(), _db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    else:
        path = os.path.join(app.instance_path, f"{schema}.db")
        if os.path.exists(path):
            os.remove(path)
        url, options = "sqlite:///" + path, {}
    try:
        with other_app(app, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options) as old, old.app_context():
            upgrade(revision=revision)
            yield old
    finally:
        if postgres:
            with app.app_context(), _db.engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


@pytest.fixture()
def database_at(app):
    """``database_at(revision)``: an app on a database of its own (a file on SQLite, a schema of the
    test database on PostgreSQL) migrated up to ``revision``; the rest of the test runs in its
    context (``flask_migrate.upgrade()`` goes on from there). Dropped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda revision: stack.enter_context(_database_at(app, revision))


class OldRows:
    """Rows inserted with plain SQL into the current app's database, as an old revision stored them."""
    NOW = datetime(2025, 1, 1)

    def insert(self, table: str, **values):
        types = {name: sa.DateTime() if isinstance(value, datetime) else sa.Numeric(20, 4)
                 for name, value in values.items() if isinstance(value, (datetime, Decimal))}
        columns = [sa.column(name, types.get(name)) for name in values]
        return _db.session.execute(sa.table(table, *columns).insert().values(**values))

    def company(self, pk: int, name: str, timezone: str):
        """Company ``pk`` and its customer ``pk``."""
        self.insert("companies", pk=pk, id=f"com_{pk:012d}", name=name, currency="EUR", invoice_prefix="INV",
                    timezone=timezone, locale="de_DE", created_at=self.NOW, updated_at=self.NOW)
        self.insert("customers", pk=pk, id=f"cus_{pk:012d}", company_pk=pk, name="Client", slug=f"client-{pk}",
                    country="DE", currency="EUR", status="active", created_at=self.NOW, updated_at=self.NOW)

    def invoice(self, pk: int, company_pk: int, status: str, net, paid=0, refunded=0, sent=True, cancelled_at=None):
        """Invoice ``pk`` (one item of ``net``, 16 % tax) to the company's customer, and its payment of
        ``paid``; returns its total."""
        net = Decimal(net)
        tax = (net * Decimal("0.16")).quantize(Decimal("0.01"))
        total, zero = net + tax, Decimal(0)
        self.insert("invoices", pk=pk, id=f"inv_{pk:012d}", company_pk=company_pk, customer_pk=company_pk,
                    invoice_number=f"INV-2025-{pk:06d}", status=status, issue_date=date(2025, 1, 10),
                    due_date=date(2025, 2, 10), currency="EUR", tax_rate=Decimal(16), discount_value=zero,
                    subtotal=net, discount_amount=zero, subtotal_after_discount=net, tax_amount=tax, total=total,
                    amount_paid=Decimal(paid), amount_refunded=Decimal(refunded), amount_due=total - Decimal(paid),
                    public_token=f"token-{pk}-" + "x" * 40, sent_at=self.NOW if sent else None,
                    cancelled_at=cancelled_at, created_at=self.NOW, updated_at=self.NOW)
        self.insert("invoice_items", pk=pk, id=f"di_{pk:012d}", invoice_pk=pk, item_name="Work", quantity=Decimal(1),
                    unit_price=net, subtotal=net, total=net, sort_order=0)
        if paid:
            self.insert("payments", id=f"pay_{pk:012d}", invoice_pk=pk, company_pk=company_pk, currency="EUR",
                        amount=Decimal(paid), paid_at=date(2025, 1, 20), created_at=self.NOW, updated_at=self.NOW)
        return total


@pytest.fixture()
def old_rows():
    return OldRows()
