"""The company's tax rates in every document editor (issue 24 #16): the quote and recurring
invoice editors offer the rates the invoice editor offers, a reverse-charge quote and a 7 %
recurring invoice save through the forms, and what they become carries the named rate."""
import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.jobs import due
from app.models import Invoice, Quote, RecurringInvoice
from app.quotes import lifecycle as quote_lifecycle
from app.services import transaction
from tests.support.fakes import Deliveries
from tests.support.forms import editor_data as quote_data
from tests.support.forms import recurring_form as recurring_data
from tests.support.html import selected, text_of
from tests.support.reads import issued

REVERSE_CHARGE = "Reverse charge: the recipient accounts for the VAT (Art. 196 VAT Directive)."


def _options(html: str, name: str) -> list[str]:
    start = html.index(f'name="{name}"')
    return re.findall(r"<option[^>]*>([^<]*)</option>", html[start:html.index("</select>", start)])


def test_quote_and_recurring_editors_offer_the_companys_rates(client, owner, make_rate):
    make_rate(owner, "VAT", "19")
    make_rate(owner, "VAT reduced", "7")
    for page in ("/quotes/new", "/recurring/new", "/invoices/new"):
        html = text_of(client.get(page))
        assert _options(html, "items-0-tax_rates-0") == ["No tax", "VAT 19 %", "VAT reduced 7 %"], page


def test_a_reverse_charge_quote_through_the_form_converts_with_the_named_rate(client, owner, make_customer, db, make_rate):
    customer = make_customer(name="Acme BV")
    rc = make_rate(owner, "VAT", "0", category="AE", exemption_reason=REVERSE_CHARGE)
    data = quote_data(customer.id, {"item_name": "Consulting", "quantity": "2", "unit_price": "500",
                                    "tax_rates-0": rc, "tax_rates-1": "", "tax_rates-2": ""})
    response = client.post("/quotes/new", data=data)
    assert response.status_code == 302, text_of(response)
    quote = db.session.scalars(select(Quote)).one()
    assert [copy["category"] for copy in quote.items[0].tax_rates] == ["AE"]
    assert selected(text_of(client.get(f"/quotes/{quote.id}/edit")), "items-0-tax_rates-0") == rc
    with transaction():
        quote_lifecycle.send_quote(owner, quote.id, Deliveries())
    with transaction():
        quote_lifecycle.accept_quote(owner, quote.id, {"accepted_by": "Jane"})
    assert client.post(f"/quotes/{quote.id}/convert").status_code == 302
    invoice = db.session.scalars(select(Invoice)).one()
    [copy] = invoice.items[0].tax_rates
    assert (copy["id"], copy["name"], copy["category"], copy["exemption_reason"]) == (rc, "VAT", "AE", REVERSE_CHARGE)
    assert REVERSE_CHARGE in text_of(client.get(f"/invoices/{invoice.id}"))


def test_a_recurring_invoice_at_7_percent_through_the_form_issues_the_named_rate(client, owner, make_customer, db, make_rate):
    customer = make_customer()
    reduced = make_rate(owner, "VAT reduced", "7")
    data = recurring_data(customer, tax_rate="", **{
        "items-0-unit_price": "100", "items-0-tax_rates-0": reduced, "items-0-tax_rates-1": "", "items-0-tax_rates-2": ""})
    response = client.post("/recurring/new", data=data)
    assert response.status_code == 302, text_of(response)
    found = db.session.scalars(select(RecurringInvoice)).one()
    assert [copy["id"] for copy in found.items[0].tax_rates] == [reduced]
    assert selected(text_of(client.get(f"/recurring/{found.id}/edit")), "items-0-tax_rates-0") == reduced
    due.run_due(date(2027, 1, 31))
    [invoice] = issued(found)
    [copy] = invoice.items[0].tax_rates
    assert (copy["id"], copy["name"], str(copy["percentage"])) == (reduced, "VAT reduced", "7")
    assert invoice.total == Decimal("107.00")
