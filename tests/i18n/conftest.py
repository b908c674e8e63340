"""The language tests' world (DESIGN §17): a German seller with a reverse-charge rate, and for
a language a customer who reads it, in the country that makes its number format distinctive,
with an invoice, a credit note and a quote sent to them through the API (the outbox)."""
from dataclasses import dataclass

import pytest

from app.services import accounts, tax_rates, transaction
from tests.i18n.helpers import COUNTRIES, PRICE, REVERSE_CHARGE_REASON, reading_customer
from tests.support.api import act, create_quote, issue, send
from tests.support.data import SELLER_FIELDS


@dataclass
class Sent:
    customer: dict
    invoice: dict
    credit_note: dict
    quote: dict


@pytest.fixture()
def german_seller(actor):
    """The default admin's company: a German seller (its invoices print the supply date), in
    EUR, with a reverse-charge rate (category AE) whose reason does not start with the label."""
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
        rate = tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": "0", "category": "AE",
                                                 "exemption_reason": REVERSE_CHARGE_REASON})
    return rate.id


def lines(rate_id: str) -> list[dict]:
    return [{"name": "Consulting", "quantity": 1, "unit_price": str(PRICE), "tax_rates": [rate_id]}]


@pytest.fixture()
def make_invoice_for(api, german_seller):
    """``make_invoice_for(customer)``: a draft invoice of one reverse-charge line of 1,234.50 EUR."""
    def make(customer: dict) -> dict:
        response = api.post("/v1/invoices", json={
            "customer_id": customer["id"], "issue_date": "2025-04-15", "due_date": "2099-01-01", "currency": "EUR",
            "items": lines(german_seller)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["data"]
    return make


@pytest.fixture()
def sent_to(api, german_seller, make_invoice_for):
    """``sent_to(language)``: a customer reading ``language`` (in its COUNTRIES country), and an
    invoice, a credit note (of the whole invoice) and a quote sent to it through the API."""
    def make(language: str, country: str | None = None) -> Sent:
        customer = reading_customer(api, language, country or COUNTRIES[language])
        invoice = make_invoice_for(customer)
        invoice = send(api, invoice["id"])
        response = issue(api, invoice_id=invoice["id"], lines=[
            {"description": "Consulting", "quantity": 1, "unit_price": str(PRICE), "tax_rates": [german_seller]}],
            reason="Billed twice")
        assert response.status_code == 201, response.get_json()
        note = _send_credit_note(api, response.get_json()["data"]["id"])
        quote = create_quote(api, _Customer(customer["id"]), expiry_date="2099-01-01", tax_rate=None,
                             discount_type=None, discount_value=None, currency="EUR", items=lines(german_seller))
        quote = act(api, quote["id"], "send")["data"]
        return Sent(customer, invoice, note, quote)
    return make


@dataclass
class _Customer:
    id: str


def _send_credit_note(api, note_id: str) -> dict:
    response = api.post(f"/v1/credit_notes/{note_id}/send")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]
