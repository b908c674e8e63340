"""Each figure has one formula and ``amount_due`` one path: an invoice's stored amount due is
written by its life cycle's settle step however it was made (a new draft, a converted quote,
a schedule's issue, a credit note), and a document made from another copies the one list of
fields (:func:`app.services.document_items.copied_fields`)."""
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from app import money
from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import states as invoice_states
from app.models import Invoice, QuoteItem
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.recurring import issue as recurring_issue
from app.recurring import service as recurring
from app.services import document_items, transaction

ROOT = Path(__file__).resolve().parents[2]
VAT = {"id": "txr_vat000000019", "name": "VAT", "percentage": "19", "category": "S", "exemption_reason": None}
SENTINEL = D("4321.09")  # what a settle step that was patched says is due


def _sources(*folders: str, suffixes=(".py", ".html")):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in suffixes:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_amount_due_is_written_only_by_the_settle_step():
    writes = re.compile(r"""\bamount_due\s*=(?!=)|["']amount_due["']\s*:""")
    found = [(name, text[match.start():text.index("\n", match.start())]) for name, text in _sources("app")
             for match in writes.finditer(text)]
    assert found == [("app/invoices/states.py", "amount_due = due")]


def test_total_excluding_tax_and_net_paid_are_computed_only_by_the_money_module():
    formula = re.compile(r"total\s*-\s*[\w.\[\]\"'()]*tax_amount|amount_paid\s*-\s*[\w.\[\]\"'()]*amount_refunded")
    found = [name for name, text in _sources("app", "templates") if formula.search(text) and name != "app/money.py"]
    assert found == []


@pytest.fixture()
def patched_settle(monkeypatch):
    """The settle step's figure replaced by SENTINEL: whatever stores amount_due another way shows."""
    monkeypatch.setattr(invoice_states, "amount_due_of", lambda invoice: SENTINEL)


def test_a_new_draft_stores_what_settle_says(patched_settle, make_invoice):
    assert make_invoice().amount_due == SENTINEL


def _quote(actor, customer, **fields):
    data = {"customer_id": customer.id, "issue_date": "2025-04-15", "expiry_date": "2099-05-15",
            "discount_type": "percentage", "discount_value": 10, "notes": "From the quote",
            "items": [{"name": "Work", "quantity": 3, "unit_price": "99.99"}], **fields}
    with transaction():
        quote = quotes.create_quote(actor, data)
        quote.items[0].tax_rates = [VAT]
        quote.amounts_include_tax = True
        document_items.apply_items(quote, None, QuoteItem)
        quote_lifecycle.send_quote(actor, quote.id, lambda *_: None)
    return quote


def test_a_converted_quote_stores_what_settle_says(patched_settle, actor, make_customer):
    quote = _quote(actor, make_customer())
    with transaction():
        invoice = quote_lifecycle.convert_quote(actor, quote.id)
    assert invoice.amount_due == SENTINEL


def test_a_converted_quote_copies_the_pricing_fields_and_owes_its_total(actor, make_customer):
    quote = _quote(actor, make_customer())
    with transaction():
        invoice = quote_lifecycle.convert_quote(actor, quote.id)
    assert document_items.copied_fields(invoice, "notes") == document_items.copied_fields(quote, "notes")
    assert invoice.amounts_include_tax is True and invoice.tax_rate == 0 and invoice.notes == "From the quote"
    assert (invoice.total, invoice.tax_amount) == (quote.total, quote.tax_amount) == (D("269.97"), D("43.10"))
    assert invoice.amount_due == invoice_states.amount_due_of(invoice) == invoice.total


def _schedule(actor, customer):
    with transaction():
        return recurring.create_recurring(actor, {
            "customer_id": customer.id, "interval": "month", "start_date": "2027-01-31", "tax_rate": 19,
            "discount_type": "fixed", "discount_value": "5", "notes": "Thank you", "payment_terms": "Net 14",
            "items": [{"name": "Hosting", "quantity": 1, "unit_price": "49.00"}]})


def _issue(schedule, today: date) -> list[Invoice]:
    with transaction():
        recurring_issue.issue_due((schedule.pk,), today)
    db.session.expire_all()
    return list(db.session.scalars(select(Invoice).where(Invoice.recurring_invoice_pk == schedule.pk)
                                   .order_by(Invoice.recurring_period_start)))


def test_an_issued_recurring_invoice_stores_what_settle_says(patched_settle, actor, make_customer):
    invoices = _issue(_schedule(actor, make_customer()), date(2027, 3, 5))
    assert [invoice.amount_due for invoice in invoices] == [SENTINEL] * 2


def test_an_issued_recurring_invoice_copies_the_schedule_and_owes_its_total(actor, make_customer):
    schedule = _schedule(actor, make_customer())
    (first, second) = _issue(schedule, date(2027, 3, 5))
    expected = document_items.copied_fields(schedule, "notes", "payment_terms")
    assert document_items.copied_fields(first, "notes", "payment_terms") == expected
    assert document_items.copied_fields(second, "notes", "payment_terms") == expected
    assert first.total == D("52.36")  # (49 - 5) * 1.19
    assert first.amount_due == invoice_states.amount_due_of(first) == first.total


def test_a_credit_note_settles_the_invoice_and_carries_its_fields(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01", tax_id="VAT")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
        lifecycle.record_payment(actor, invoice.id, {"amount": "769.60"})
    with transaction():
        note = credit_notes.create_credit_note(actor, {"invoice_id": invoice.id, "amount": "1000"})
    assert invoice.amount_due == invoice_states.amount_due_of(invoice) == D("7000.00")
    assert invoice.amount_due == money.amount_due(invoice.total, credited=D(1000), paid=D("769.60"))
    carried = document_items.copied_fields(note, fields=document_items.CARRIED_FIELDS)
    assert carried == document_items.copied_fields(invoice, fields=document_items.CARRIED_FIELDS)
    assert (note.tax_rate, note.discount_type, note.discount_value) == (D(16), None, D(0))
    assert note.subtotal == note.total_excluding_tax == D("862.07")


def test_a_credit_note_stores_amount_due_through_settle(patched_settle, actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
    with transaction():
        credit_notes.create_credit_note(actor, {"invoice_id": invoice.id, "amount": "10"})
    assert invoice.amount_due == SENTINEL
