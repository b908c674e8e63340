"""Invoice creation and updates through the service layer."""
from datetime import date
from decimal import Decimal as D

import pytest

from app.invoices import search as invoice_search
from app.invoices import service as invoices
from app.invoices.search import InvoiceFilters
from app.services import transaction
from app.services.errors import InvalidTransition, NotEditable, NotFound, ValidationError
from tests.support.data import SEED_ITEMS


def test_seed_invoice_figures(make_invoice):
    invoice = make_invoice()
    assert invoice.status == "draft"
    assert invoice.invoice_number == "INV-2025-000001"
    assert [i.subtotal for i in invoice.items] == [D(6000), D(2400)]
    assert (invoice.subtotal, invoice.discount_amount, invoice.subtotal_after_discount,
            invoice.tax_amount, invoice.total, invoice.amount_due) == (
        D(8400), D(840), D(7560), D("1209.6"), D("8769.6"), D("8769.6"))
    assert [i.sort_order for i in invoice.items] == [0, 1]
    assert len(invoice.public_token) >= 43


def test_numbers_count_per_company_and_year(make_invoice, make_account, make_customer):
    first = make_invoice()
    second = make_invoice()
    next_year = make_invoice(issue_date="2026-01-02", due_date="2026-02-01")
    other = make_account(company="Other")
    theirs = make_invoice(who=other, customer=make_customer(other))
    assert [first.invoice_number, second.invoice_number, next_year.invoice_number, theirs.invoice_number] == [
        "INV-2025-000001", "INV-2025-000002", "INV-2026-000001", "INV-2025-000001"]


def test_line_items_spelling_and_defaults(actor, make_customer):
    customer = make_customer(currency="EUR")
    with transaction():
        invoice = invoices.create_invoice(actor, {"customer_id": customer.id, "line_items": [
            {"item_name": "Web Development", "quantity": 40, "unit": "hour", "unit_price": 75}]})
    assert invoice.items[0].item_name == "Web Development"
    assert invoice.total == D(3000)
    assert invoice.currency == "EUR"  # the customer's currency
    assert (invoice.due_date - invoice.issue_date).days == 30


@pytest.mark.parametrize("change, field", [
    ({"customer_id": "cus_doesnotexist"}, "customer_id"),
    ({"customer_id": None}, "customer_id"),
    ({"issue_date": "15/04/2025"}, "issue_date"),
    ({"due_date": "2025-04-01"}, "due_date"),
    ({"currency": "XXY"}, "currency"),
    ({"tax_rate": 101}, "tax_rate"),
    ({"discount_type": "fixed", "discount_value": 100000}, "discount_value"),
    ({"discount_type": "half"}, "discount_type"),
    ({"items": [{"name": "", "quantity": 1, "unit_price": 1}]}, "items[0].item_name"),
    ({"items": [{"name": "X", "quantity": 0, "unit_price": 1}]}, "items[0].quantity"),
    ({"items": [{"name": "X", "quantity": 1}]}, "items[0].unit_price"),
    ({"items": "lots"}, "items"),
    ({"items": [], "line_items": []}, "items"),
])
def test_bad_input_is_refused_and_changes_nothing(make_invoice, db, change, field):
    from app.models import Invoice
    before = db.session.query(Invoice).count()
    with pytest.raises(ValidationError) as error:
        make_invoice(**change)
    assert field in error.value.errors
    assert db.session.query(Invoice).count() == before


def test_draft_update_replaces_items_and_recomputes(actor, make_invoice):
    invoice = make_invoice()
    with transaction():
        invoices.update_invoice(actor, invoice.id, {"items": [{"name": "Only", "quantity": 2, "unit_price": "0.1"}],
                                                    "tax_rate": 0, "discount_type": None, "discount_value": 0})
    assert [i.item_name for i in invoice.items] == ["Only"]
    assert invoice.total == D("0.2")


def test_non_draft_update_names_refused_fields(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    invoice.status = "sent"
    with pytest.raises(NotEditable) as error:
        invoices.update_invoice(actor, invoice.id, {"tax_rate": 5, "items": [], "notes": "x"})
    assert "items" in error.value.message and "tax_rate" in error.value.message
    assert error.value.status == "sent"


def test_notes_and_terms_change_in_any_status(actor, make_invoice):
    invoice = make_invoice()
    invoice.status = "paid"
    with transaction():
        invoices.update_invoice(actor, invoice.id, {"notes": "Thanks!", "payment_terms": "Net 15"})
    assert (invoice.notes, invoice.payment_terms) == ("Thanks!", "Net 15")


@pytest.mark.parametrize("start, target, result", [
    ("sent", "in_review", "in_review"), ("viewed", "in_review", "in_review"),
    ("overdue", "in_review", "in_review"), ("partial", "in_review", "in_review"),
    ("in_review", "sent", "sent"),
])
def test_status_updates_allowed(actor, make_invoice, start, target, result):
    invoice = make_invoice()
    invoice.status = start
    with transaction():
        invoices.update_invoice(actor, invoice.id, {"status": target})
    assert invoice.status == result


@pytest.mark.parametrize("start, target", [
    ("draft", "sent"), ("draft", "paid"), ("sent", "paid"), ("paid", "in_review"),
    ("cancelled", "in_review"), ("in_review", "draft"), ("refunded", "sent"), ("sent", "bogus"),
])
def test_status_updates_refused(actor, make_invoice, start, target):
    invoice = make_invoice()
    invoice.status = start
    with pytest.raises(InvalidTransition):
        invoices.update_invoice(actor, invoice.id, {"status": target})


def test_other_company_invoice_is_not_found(make_invoice, make_account):
    invoice = make_invoice()
    other = make_account(company="Other")
    with pytest.raises(NotFound):
        invoices.get_invoice(other, invoice.id)


def test_overdue_is_automatic(actor, make_invoice):
    invoice = make_invoice(issue_date="2020-01-01", due_date="2020-01-31")
    invoice.status = "sent"
    assert invoices.effective_status(invoice, date.today()) == "overdue"
    ids = {i.id for i in invoices.db.session.scalars(invoice_search.invoice_query(actor, InvoiceFilters(status="overdue")))}
    assert invoice.id in ids
    sent = invoices.db.session.scalars(invoice_search.invoice_query(actor, InvoiceFilters(status="sent")))
    assert invoice.id not in {i.id for i in sent}
    assert SEED_ITEMS  # the fixture data used above


def test_the_preview_uses_the_currency_the_invoice_will_get(actor, make_customer):
    """Blank currency: the customer's (here yen, no minor unit), as create_invoice saves it,
    not the company's dollars (the preview showed ¥3 for an invoice saved at ¥4)."""
    yen = make_customer(name="Tokyo KK", country="JP", currency="JPY")
    data = {"customer_id": yen.id, "currency": "",
            "items": [{"name": "A", "unit_price": "1.5"}, {"name": "B", "unit_price": "1.5"}]}
    preview = invoices.preview_totals(actor, data)
    with transaction():
        saved = invoices.create_invoice(actor, data)
    assert saved.currency == "JPY" and preview.total == saved.total == D(4)
    assert invoices.invoice_currency(actor.company, None) == actor.company.currency == "USD"
