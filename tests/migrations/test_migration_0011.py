"""Migration 0011 (credit notes) on data written before it: the schema is built up to 0008,
refunds and cancellations of the past are inserted as they were stored then, and the upgrade
gives each its credit note (dated when it happened in the company's timezone, numbered in
that order per company and year) and every invoice the amount_credited / amount_due of
DESIGN §5. Runs on a database of its own (SQLite; with TEST_DATABASE_URL a PostgreSQL schema)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db
from app.models import Company, CreditNote, Invoice, InvoiceCounter
from app.services import numbering

D = Decimal


def _refund(rows, pk, invoice_pk, company_pk, amount, when):
    rows.insert("refunds", pk=pk, id=f"ref_{pk:012d}", invoice_pk=invoice_pk, company_pk=company_pk, currency="EUR",
                amount=D(amount), reason="Returned", created_at=when)


def test_upgrade_credits_past_refunds_and_cancellations(database_at, old_rows):
    database_at("0008")
    old_rows.company(1, "Berlin GmbH", "Europe/Berlin")
    old_rows.company(2, "Other Ltd", "UTC")
    old_rows.insert("invoice_counters", company_pk=1, year=2025, value=6)
    refunded = old_rows.invoice(1, 1, "refunded", "100", paid="116", refunded="50")
    _refund(old_rows, 1, 1, 1, "50", datetime(2025, 3, 10, 10, 0))
    old_rows.invoice(2, 1, "cancelled", "200", paid="32", cancelled_at=datetime(2025, 2, 1, 23, 30))  # Feb 2 in Berlin
    old_rows.invoice(3, 1, "cancelled", "100", sent=False, cancelled_at=datetime(2025, 2, 5))          # a draft: no note
    old_rows.invoice(4, 1, "partial", "100", paid="16")
    old_rows.invoice(5, 1, "refunded", "100", paid="116", refunded="116")
    _refund(old_rows, 2, 5, 1, "116", datetime(2024, 12, 31, 22, 30))                                  # 23:30 in Berlin
    old_rows.invoice(6, 2, "refunded", "100", paid="116", refunded="20")
    _refund(old_rows, 3, 6, 2, "20", datetime(2025, 3, 1, 9, 0))
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
