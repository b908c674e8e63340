"""Migration 0011 (credit notes) on data written before it: the schema is built up to 0008,
refunds and cancellations of the past are inserted as they were stored then, and the upgrade
gives each its credit note (dated when it happened in the company's timezone, numbered in
that order per company and year) and every invoice the amount_credited / amount_due of
DESIGN §5. Runs on a database of its own (SQLite; with TEST_DATABASE_URL a PostgreSQL schema)."""
from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db
from app.models import Company, CreditNote, Invoice, InvoiceCounter
from app.services import numbering
from tests.security.helpers import other_app

D = Decimal
NOW = datetime(2025, 1, 1)
SCHEMA = "migration_0011"


def _insert(table: str, **values):
    types = {name: sa.DateTime() if isinstance(value, datetime) else sa.Numeric(20, 4)
             for name, value in values.items() if isinstance(value, (datetime, Decimal))}
    columns = [sa.column(name, types.get(name)) for name in values]
    return db.session.execute(sa.table(table, *columns).insert().values(**values))


def _company(pk, name, timezone):
    _insert("companies", pk=pk, id=f"com_{pk:012d}", name=name, currency="EUR", invoice_prefix="INV",
            timezone=timezone, locale="de_DE", created_at=NOW, updated_at=NOW)
    _insert("customers", pk=pk, id=f"cus_{pk:012d}", company_pk=pk, name="Client", slug=f"client-{pk}",
            country="DE", currency="EUR", status="active", created_at=NOW, updated_at=NOW)


def _invoice(pk, company_pk, status, net, paid=0, refunded=0, sent=True, cancelled_at=None):
    net = D(net)
    tax = (net * D("0.16")).quantize(D("0.01"))
    total = net + tax
    _insert("invoices", pk=pk, id=f"inv_{pk:012d}", company_pk=company_pk, customer_pk=company_pk,
            invoice_number=f"INV-2025-{pk:06d}", status=status, issue_date=date(2025, 1, 10),
            due_date=date(2025, 2, 10), currency="EUR", tax_rate=D(16), discount_value=D(0), subtotal=net,
            discount_amount=D(0), subtotal_after_discount=net, tax_amount=tax, total=total, amount_paid=D(paid),
            amount_refunded=D(refunded), amount_due=total - D(paid), public_token=f"token-{pk}-" + "x" * 40,
            sent_at=NOW if sent else None, cancelled_at=cancelled_at, created_at=NOW, updated_at=NOW)
    _insert("invoice_items", pk=pk, id=f"di_{pk:012d}", invoice_pk=pk, item_name="Work", quantity=D(1),
            unit_price=net, subtotal=net, total=net, sort_order=0)
    if paid:
        _insert("payments", id=f"pay_{pk:012d}", invoice_pk=pk, company_pk=company_pk, currency="EUR",
                amount=D(paid), paid_at=date(2025, 1, 20), created_at=NOW, updated_at=NOW)
    return total


def _refund(pk, invoice_pk, company_pk, amount, when):
    _insert("refunds", pk=pk, id=f"ref_{pk:012d}", invoice_pk=invoice_pk, company_pk=company_pk, currency="EUR",
            amount=D(amount), reason="Returned", created_at=when)


@pytest.fixture()
def old_database(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
        options = {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}
    else:
        url = "sqlite:///" + os.path.join(app.instance_path, "migration-0011.db")
        if os.path.exists(url[len("sqlite:///"):]):
            os.remove(url[len("sqlite:///"):])
        options = {}
    with other_app(app, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options) as old:
        with old.app_context():
            upgrade(revision="0008")
            yield old
    if url.startswith("postgresql"):
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))


def test_upgrade_credits_past_refunds_and_cancellations(old_database):
    _company(1, "Berlin GmbH", "Europe/Berlin")
    _company(2, "Other Ltd", "UTC")
    _insert("invoice_counters", company_pk=1, year=2025, value=6)
    refunded = _invoice(1, 1, "refunded", "100", paid="116", refunded="50")
    _refund(1, 1, 1, "50", datetime(2025, 3, 10, 10, 0))
    _invoice(2, 1, "cancelled", "200", paid="32", cancelled_at=datetime(2025, 2, 1, 23, 30))  # Feb 2 in Berlin
    _invoice(3, 1, "cancelled", "100", sent=False, cancelled_at=datetime(2025, 2, 5))          # a draft: no note
    _invoice(4, 1, "partial", "100", paid="16")
    _invoice(5, 1, "refunded", "100", paid="116", refunded="116")
    _refund(2, 5, 1, "116", datetime(2024, 12, 31, 22, 30))                                    # 23:30 in Berlin
    _invoice(6, 2, "refunded", "100", paid="116", refunded="20")
    _refund(3, 6, 2, "20", datetime(2025, 3, 1, 9, 0))
    db.session.commit()

    upgrade()

    notes = {note.invoice_pk: note for note in db.session.scalars(sa.select(CreditNote).order_by(CreditNote.pk))}
    assert set(notes) == {1, 2, 5, 6}
    expected = {  # invoice pk: (number, type, issue date, total)
        2: ("CN-2025-000001", "cancellation", date(2025, 2, 2), D(200)),
        1: ("CN-2025-000002", "refund", date(2025, 3, 10), D(50)),
        5: ("CN-2024-000001", "refund", date(2024, 12, 31), D(116)),
        6: ("CN-2025-000001", "refund", date(2025, 3, 1), D(20)),
    }
    for invoice_pk, (number, kind, day, total) in expected.items():
        note = notes[invoice_pk]
        assert (note.number, note.type, note.issue_date, note.total) == (number, kind, day, total)
        assert note.subtotal + note.tax_amount == note.total and note.tax_breakdown[0]["percentage"] == "16"
        assert sum(line.subtotal for line in note.lines) == note.subtotal  # prices exclude tax: net lines
    assert (notes[1].refund.id, notes[2].refund) == ("ref_000000000001", None)
    assert (notes[1].subtotal, notes[1].tax_amount) == (D("43.10"), D("6.90"))

    figures = {invoice.pk: (invoice.amount_credited, invoice.amount_due)
               for invoice in db.session.scalars(sa.select(Invoice))}
    assert figures == {1: (D(50), D(0)), 2: (D(200), D(0)), 3: (D(0), D(0)), 4: (D(0), D(100)),
                       5: (D(116), D(0)), 6: (D(20), D(0))}
    assert refunded == D(116)
    counters = {(c.company_pk, c.kind, c.year): c.value for c in db.session.scalars(sa.select(InvoiceCounter))}
    assert counters == {(1, "invoice", 2025): 6, (1, "credit_note", 2025): 2, (1, "credit_note", 2024): 1,
                        (2, "credit_note", 2025): 1}
    company = db.session.get(Company, 1)
    assert company.credit_note_prefix == "CN"
    assert numbering.next_number(company, 2025, kind=numbering.CREDIT_NOTE) == "CN-2025-000003"
    assert numbering.next_number(company, 2025) == "INV-2025-000007"
    db.session.rollback()
