"""Numbers and messages in the company's format in every form (issue 24, item 21): one
locale-aware number reader for every decimal field, amounts and dates in errors written as
the company writes them, and the credit note form in form words."""
import re
from decimal import Decimal

import pytest

from app.invoices import lifecycle
from app.models import CreditNote, Payment, TaxRate
from app.services import transaction
from tests.support.html import field_error, input_value, text_of


@pytest.fixture()
def german(owner, db):
    owner.company.locale = "de_DE"
    db.session.commit()
    return owner


@pytest.fixture()
def euro_invoice(german, make_invoice):
    invoice = make_invoice(due_date="2099-01-01", currency="EUR")
    with transaction():
        lifecycle.send_invoice(german, invoice.id, deliver=lambda *_: None)
    return invoice


def test_tax_rate_form_reads_numbers_as_the_company_writes_them(client, german, db):
    response = client.post("/settings/taxes", data={"name": "Ermäßigt", "percentage": "7,5", "category": "S"})
    assert response.status_code == 302, field_error(text_of(response), "percentage")
    rate = db.session.query(TaxRate).one()
    assert rate.percentage == Decimal("7.5")
    assert input_value(text_of(client.get(f"/settings/taxes/{rate.id}")), "percentage") == "7,5"
    response = client.post(f"/settings/taxes/{rate.id}", data={"name": "Ermäßigt", "percentage": "10,25",
                                                                "category": "S"})
    assert response.status_code == 302
    db.session.refresh(rate)
    assert rate.percentage == Decimal("10.25")
    refused = client.post("/settings/taxes", data={"name": "Arabic", "percentage": "١٢", "category": "S"})
    assert field_error(text_of(refused), "percentage") == "Must be a number."


@pytest.mark.parametrize("typed", ["١٢٣", "1_000"])
def test_the_editor_refuses_other_digits_and_underscores(client, german, make_customer, typed):
    from tests.support.forms import editor_data
    data = editor_data(make_customer().id, {"item_name": "Work", "quantity": typed, "unit_price": "1,5"})
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 400
    assert field_error(text_of(response), "items-0-quantity") == "Must be a number."


def test_payment_and_refund_errors_in_the_company_format(client, german, euro_invoice, db):
    path = f"/invoices/{euro_invoice.id}/payment"
    response = client.post(path, data={"amount": "99.999", "paid_at": "2026-01-02"})
    assert field_error(text_of(response), "amount") == "The amount cannot exceed the amount due (8.769,60\xa0€)."
    response = client.post(path, data={"amount": "5", "paid_at": "2999-01-01"})
    message = field_error(text_of(response), "paid_at")
    assert re.fullmatch(r"The payment date cannot be in the future: today is \d\d\.\d\d\.\d{4} \(UTC\)\.", message)
    assert db.session.query(Payment).count() == 0
    with transaction():
        lifecycle.record_payment(german, euro_invoice.id, {"amount": "1621.74"})
    response = client.post(f"/invoices/{euro_invoice.id}/refund", data={"amount": "2.000"})
    assert field_error(text_of(response), "amount") == "At most 1.621,74\xa0€ can be refunded."


def test_credit_note_form_speaks_the_forms_words_and_the_companys_numbers(client, german, euro_invoice, db):
    path = f"/invoices/{euro_invoice.id}/credit_note"
    for data in ({"mode": "amount", "amount": ""}, {"mode": "lines"}):
        response = client.post(path, data=data)
        assert response.status_code == 400
        assert field_error(text_of(response), "amount") == "Enter an amount or choose lines."
    response = client.post(path, data={"mode": "amount", "amount": "9.000"})
    assert field_error(text_of(response), "amount") == (
        "A credit note's total cannot exceed the invoice's amount due (8.769,60\xa0€).")
    assert db.session.query(CreditNote).count() == 0
    response = client.post(path, data={"mode": "amount", "amount": "1.234,5"})
    assert response.status_code == 302
    assert db.session.query(CreditNote).one().total == Decimal("1234.50")
