"""The credit note service (DESIGN §11): amounts split over an invoice's rates so the
breakdown mirrors the invoice's, lines priced on one item's rates, its own number series,
immutability of what is issued, and the amounts owed afterwards."""
from decimal import Decimal as D

import pytest

from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.models import CreditNote, InvoiceItem
from app.services import document_items, transaction
from app.services.errors import InvalidTransition, ValidationError

VAT = {"id": "txr_vat000000019", "name": "VAT", "percentage": "19", "category": "S", "exemption_reason": None}
REDUCED = {"id": "txr_vat000000007", "name": "VAT", "percentage": "7", "category": "S", "exemption_reason": None}
EXEMPT = {"id": "txr_exempt000000", "name": "Exempt", "percentage": "0", "category": "E",
          "exemption_reason": "Art. 132 VAT Directive"}


def two_rate_invoice(actor, make_invoice, include_tax=False):
    """Work at 19 %, books at 7 %, an exempt course: 1000 + 500 + 300 before tax."""
    invoice = make_invoice(due_date="2099-01-01", tax_rate=None, discount_type=None, discount_value=None, items=[
        {"name": "Work", "quantity": 1, "unit_price": 1000}, {"name": "Books", "quantity": 1, "unit_price": 500},
        {"name": "Course", "quantity": 1, "unit_price": 300}])
    with transaction():
        for item, copy in zip(invoice.items, (VAT, REDUCED, EXEMPT)):
            item.tax_rates = [copy]
        invoice.amounts_include_tax = include_tax
        document_items.apply_items(invoice, document_items.rows_of(invoice), InvoiceItem)
        invoice.amount_due = invoice.total
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
    return invoice


def issue(actor, **data):
    with transaction():
        return credit_notes.create_credit_note(actor, data)


def test_an_amount_is_split_in_proportion_to_each_rate_share_of_the_total(actor, make_invoice):
    invoice = two_rate_invoice(actor, make_invoice)
    assert invoice.total == D("2025.00")  # 1190 + 535 + 300 (the exempt course has no tax)
    note = issue(actor, invoice_id=invoice.id, amount="202.50")  # a tenth of the invoice
    assert [(entry["tax_rate_id"], entry["taxable_amount"], entry["tax_amount"]) for entry in note.tax_breakdown] == [
        (VAT["id"], "100", "19"), (REDUCED["id"], "50", "3.5"), (EXEMPT["id"], "30", "0")]
    assert (note.subtotal, note.tax_amount, note.total) == (D(180), D("22.5"), D("202.5"))
    assert [line.tax_rates for line in note.lines] == [[VAT], [REDUCED], [EXEMPT]]  # the exemption reason kept
    assert [line.item_name for line in note.lines][0].startswith(f"Adjustment of invoice {invoice.invoice_number} (")
    assert sum(line.subtotal for line in note.lines) == note.subtotal


def test_largest_remainder_keeps_every_cent(actor, make_invoice):
    invoice = two_rate_invoice(actor, make_invoice, include_tax=True)
    note = issue(actor, invoice_id=invoice.id, amount="0.05")
    assert note.total == D("0.05") and note.subtotal + note.tax_amount == D("0.05")
    assert sum(line.subtotal for line in note.lines) == D("0.05")  # gross lines: prices include tax


def test_lines_need_the_rates_of_one_item_when_items_differ(actor, make_invoice):
    invoice = two_rate_invoice(actor, make_invoice)
    with pytest.raises(ValidationError) as refused:
        issue(actor, invoice_id=invoice.id, lines=[{"description": "Part", "unit_price": 10}])
    assert "lines[0].tax_rates" in refused.value.errors
    note = issue(actor, invoice_id=invoice.id, lines=[
        {"description": "Chapter", "quantity": "2", "unit_price": "10", "tax_rate_ids": [REDUCED["id"]]},
        {"description": "Hour", "unit_price": "100", "tax_rate_ids": [VAT["id"]]}])
    assert (note.subtotal, note.tax_amount, note.total) == (D(120), D("20.40"), D("140.40"))
    assert [entry["tax_rate_id"] for entry in note.tax_breakdown] == [REDUCED["id"], VAT["id"]]


def test_own_number_series_and_prefix(actor, make_invoice, make_account):
    from app.services import accounts
    with transaction():
        accounts.update_company(actor, {"credit_note_prefix": "gs"})
    first, second = (make_invoice(due_date="2099-01-01") for _ in range(2))
    with transaction():
        for invoice in (first, second):
            lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
    year = issue(actor, invoice_id=first.id, amount=1).issue_date.year
    note = issue(actor, invoice_id=second.id, amount=1)
    assert note.number == f"GS-{year}-000002"
    assert second.invoice_number.endswith("000002")  # the invoices' own series is untouched
    with pytest.raises(ValidationError) as refused:
        with transaction():
            accounts.update_company(actor, {"credit_note_prefix": "C N"})
    assert "credit_note_prefix" in refused.value.errors
    other = make_account(email="other@example.com", company="Other")
    assert other.company.credit_note_prefix == "CN"


def test_refused_states_change_nothing(actor, make_invoice):
    draft = make_invoice(due_date="2099-01-01")
    with pytest.raises(InvalidTransition) as refused:
        issue(actor, invoice_id=draft.id, amount=1)
    assert "draft" in refused.value.message
    with transaction():
        lifecycle.cancel_invoice(actor, draft.id, "never sent")
    assert draft.amount_due == 0 and draft.amount_credited == 0  # a draft cancelled: no credit note
    assert db.session.query(CreditNote).count() == 0


def test_cancelling_a_partly_paid_invoice_credits_what_it_owed(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
        lifecycle.record_payment(actor, invoice.id, {"amount": "769.60"})
        lifecycle.cancel_invoice(actor, invoice.id, "Client gone")
    (note,) = invoice.credit_notes
    assert (note.type, note.total, note.reason) == ("cancellation", D(8000), "Client gone")
    assert (note.subtotal, note.tax_amount) == (D("6896.55"), D("1103.45"))  # 8000 / 1.16, its tax
    assert (invoice.amount_credited, invoice.amount_due, invoice.status) == (D(8000), D(0), "cancelled")
