"""Input edge cases at the API (issue 24, items 12 to 14): numbers in other scripts or with
underscores, the limits' words for quotes and credit notes, a quote whose customer was
deleted, the default supply date, and a credit note line's ``tax_rates``."""
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import InvoiceItem
from app.services import customers, document_items, tax_rates, transaction
from tests.support.api import act, issue, send
from tests.support.api import create_quote as create_quote


@pytest.mark.parametrize("typed", ["١٢٣", "1_000", "۱۲", "１２"])
def test_numbers_in_other_digits_or_with_underscores_are_refused(api, make_customer, typed):
    customer = make_customer()
    for field in ("quantity", "unit_price"):
        item = {"item_name": "Work", "quantity": "1", "unit_price": "10", field: typed}
        response = api.post("/v1/invoices", json={"customer_id": customer.id, "items": [item]})
        assert response.status_code == 400, response.get_json()
        error = response.get_json()["error"]
        assert (error["param"], error["message"]) == (f"items[0].{field}", f"items[0].{field}: Must be a number.")
    response = api.post("/v1/invoices", json={"customer_id": customer.id, "tax_rate": typed, "items": []})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "tax_rate"
    assert api.get("/v1/invoices").get_json()["data"] == []


def test_the_limits_name_the_document_they_are_about(api, make_customer, make_invoice):
    customer = make_customer()
    many = [{"item_name": "x", "unit_price": 1}] * 1001
    quote = api.post("/v1/quotes", json={"customer_id": customer.id, "items": many}).get_json()["error"]
    assert quote["message"] == "items: A quote has at most 1000 items."
    invoice = api.post("/v1/invoices", json={"customer_id": customer.id, "items": many}).get_json()["error"]
    assert invoice["message"] == "items: An invoice has at most 1000 items."
    sent = make_invoice(due_date="2099-01-01")
    send(api, sent.id)
    lines = [{"description": "x", "unit_price": 1}] * 1001
    error = issue(api, invoice_id=sent.id, lines=lines).get_json()["error"]
    assert (error["param"], error["message"]) == ("lines", "lines: A credit note has at most 1000 lines.")


def test_converting_a_quote_whose_customer_was_deleted_names_that_customer(api, actor, make_customer):
    customer = make_customer(name="Gone GmbH")
    quote = create_quote(api, customer, expiry_date="2099-01-01")
    act(api, quote["id"], "send")
    act(api, quote["id"], "accept", {"accepted_by": "Jane"})
    with transaction():
        customers.delete_customer(actor, customer.id)
    error = act(api, quote["id"], "convert", status=409)["error"]
    assert error["message"].startswith("The quote's customer Gone GmbH was deleted")
    assert "customer_id" not in error["message"] and error.get("param") is None
    assert api.get(f"/v1/quotes/{quote['id']}").get_json()["data"]["status"] == "accepted"
    assert api.get("/v1/invoices").get_json()["data"] == []


def test_supply_date_is_the_issue_date_unless_given_or_a_period(api, make_customer):
    customer = make_customer()
    base = {"customer_id": customer.id, "issue_date": "2026-03-02", "items": [{"item_name": "A", "unit_price": 5}]}
    plain = api.post("/v1/invoices", json=base).get_json()["data"]
    assert (plain["supply_date"], plain["supply_period_start"]) == ("2026-03-02", None)
    assert api.get(f"/v1/invoices/{plain['id']}").get_json()["data"]["supply_date"] == "2026-03-02"
    listed = api.get("/v1/invoices").get_json()["data"]
    assert [entry["supply_date"] for entry in listed] == ["2026-03-02"]
    given = api.post("/v1/invoices", json={**base, "supply_date": "2026-02-27"}).get_json()["data"]
    assert given["supply_date"] == "2026-02-27"
    period = api.post("/v1/invoices", json={**base, "supply_period_start": "2026-02-01",
                                            "supply_period_end": "2026-02-28"}).get_json()["data"]
    assert (period["supply_date"], period["supply_period_start"], period["supply_period_end"]) == (
        None, "2026-02-01", "2026-02-28")
    # Sending the document back as it reads changes nothing (the default is not stored).
    again = api.post(f"/v1/invoices/{plain['id']}", json={"issue_date": "2026-03-05"}).get_json()["data"]
    assert again["supply_date"] == "2026-03-05"


def _two_rate_invoice(api, actor, make_invoice):
    with transaction():
        vat = tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": "19"})
        reduced = tax_rates.create_tax_rate(actor, {"name": "Reduced", "percentage": "7"})
    invoice = make_invoice(due_date="2099-01-01", tax_rate=None, discount_type=None, discount_value=None,
                           items=[{"name": "Work", "unit_price": 1000, "tax_rates": [vat.id]},
                                  {"name": "Book", "unit_price": 100, "tax_rates": [reduced.id]}])
    with transaction():
        document_items.apply_items(invoice, document_items.rows_of(invoice), InvoiceItem)
    db.session.expire_all()
    send(api, invoice.id)
    return invoice, vat, reduced


def test_credit_note_lines_name_their_rates_as_tax_rates(api, actor, make_invoice):
    invoice, vat, reduced = _two_rate_invoice(api, actor, make_invoice)
    response = issue(api, invoice_id=invoice.id, lines=[
        {"description": "Returned book", "unit_price": 100, "tax_rates": [reduced.id]},
        {"description": "Hour", "unit_price": 50, "tax_rate_ids": [vat.id]}])  # the older name still works
    assert response.status_code == 201, response.get_json()
    note = response.get_json()["data"]
    assert note["total"] == Decimal("166.5")
    invoice_item = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]["items"][1]
    assert note["lines"][0]["tax_rates"] == invoice_item["tax_rates"] == [
        {"id": reduced.id, "name": "Reduced", "percentage": 7, "category": "S"}]
    assert note["lines"][1]["tax_rates"][0]["id"] == vat.id
    bad = issue(api, invoice_id=invoice.id, lines=[{"description": "x", "unit_price": 1, "tax_rates": ["txr_x"]}])
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "lines[0].tax_rates"
    both = issue(api, invoice_id=invoice.id, lines=[{"description": "x", "unit_price": 1, "tax_rates": [vat.id],
                                                     "tax_rate_ids": [vat.id]}])
    assert both.status_code == 400 and both.get_json()["error"]["param"] == "lines[0].tax_rates"
