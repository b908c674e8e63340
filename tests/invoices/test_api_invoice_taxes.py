"""Invoices whose items carry tax rates, through /v1 (DESIGN §10): the four examples with
their exact figures, the breakdown and the per-item copies, prices including tax, the supply
date or period, and what is refused."""
from decimal import Decimal as D

import pytest

from app.services import tax_rates, transaction


@pytest.fixture()
def rates(api):
    def make(name, percentage, **more):
        response = api.post("/v1/tax_rates", json={"name": name, "percentage": percentage, **more})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["data"]["id"]
    return make


@pytest.fixture()
def invoice(api, make_customer):
    customer = make_customer(currency="EUR")

    def create(items, **fields):
        response = api.post("/v1/invoices", json={"customer_id": customer.id, "currency": "EUR", "items": items,
                                                  **fields})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["data"]
    create.customer = customer
    return create


def breakdown(data):
    return [(entry["name"], entry["percentage"], entry["taxable_amount"], entry["tax_amount"])
            for entry in data["tax_breakdown"]]


def test_two_vat_rates(api, rates, invoice):
    vat, reduced = rates("VAT", 19), rates("VAT reduced", 7)
    data = invoice([{"name": "Service", "quantity": 1, "unit_price": "100.00", "tax_rates": [vat]},
                    {"name": "Book", "quantity": 2, "unit_price": "10.50", "tax_rates": [reduced]}])
    assert breakdown(data) == [("VAT", 19, 100, 19), ("VAT reduced", 7, 21, D("1.47"))]
    assert (data["subtotal"], data["tax_amount"], data["total"]) == (121, D("20.47"), D("141.47"))
    assert data["amount_due"] == D("141.47")
    assert data["total_excluding_tax"] == 121 and data["tax_rate"] is None
    assert data["tax_breakdown"][0]["tax_rate_id"] == vat and data["tax_breakdown"][0]["category"] == "S"
    assert data["items"][0]["tax_rates"] == [{"id": vat, "name": "VAT", "percentage": 19, "category": "S"}]
    # the list path and the retrieve path print the same document
    assert api.get(f"/v1/invoices/{data['id']}").get_json()["data"] == data
    assert api.get("/v1/invoices").get_json()["data"] == [data]


def test_two_vat_rates_with_a_fixed_discount(rates, invoice):
    vat, reduced = rates("VAT", 19), rates("VAT reduced", 7)
    data = invoice([{"name": "Service", "unit_price": "100.00", "tax_rates": [vat]},
                    {"name": "Book", "quantity": 2, "unit_price": "10.50", "tax_rates": [reduced]}],
                   discount_type="fixed", discount_value="10.00")
    # shares 8.26 / 1.74 of the discount: taxable 91.74 and 19.26
    assert breakdown(data) == [("VAT", 19, D("91.74"), D("17.43")), ("VAT reduced", 7, D("19.26"), D("1.35"))]
    assert (data["discount_amount"], data["tax_amount"], data["total"]) == (10, D("18.78"), D("129.78"))


def test_gst_and_qst_on_one_line(rates, invoice):
    gst, qst = rates("GST", 5), rates("QST", "9.975")
    data = invoice([{"name": "Consulting", "unit_price": "100.00", "tax_rates": [gst, qst]}], currency="CAD")
    assert breakdown(data) == [("GST", 5, 100, 5), ("QST", D("9.975"), 100, D("9.98"))]
    assert (data["tax_amount"], data["total"], data["tax_rate"]) == (D("14.98"), D("114.98"), None)
    assert [copy["name"] for copy in data["items"][0]["tax_rates"]] == ["GST", "QST"]


def test_prices_including_tax(api, rates, invoice):
    vat = rates("VAT", 19)
    data = invoice([{"name": "Mug", "quantity": 3, "unit_price": "9.99", "tax_rates": [vat]}],
                   amounts_include_tax=True)
    assert (data["total"], data["tax_amount"], data["total_excluding_tax"]) == (D("29.97"), D("4.79"), D("25.18"))
    assert breakdown(data) == [("VAT", 19, D("25.18"), D("4.79"))]
    assert data["amounts_include_tax"] is True and data["tax_rate"] == 19


def test_the_seed_rate_still_applies_and_is_its_own_breakdown(invoice):
    data = invoice([{"name": "Work", "quantity": 40, "unit_price": 150}], tax_rate=16, tax_id="IVA")
    assert data["tax_breakdown"] == [{"tax_rate_id": None, "name": "IVA", "percentage": 16, "category": "S",
                                      "taxable_amount": 6000, "tax_amount": 960}]
    assert (data["tax_rate"], data["total_excluding_tax"], data["items"][0]["tax_rates"]) == (16, 6000, [])


def test_rates_and_an_invoice_rate_together_are_refused(api, rates, invoice):
    vat = rates("VAT", 19)
    response = api.post("/v1/invoices", json={"customer_id": invoice.customer.id, "tax_rate": 16,
                                              "items": [{"name": "A", "unit_price": 1, "tax_rates": [vat]}]})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "tax_rate"
    # a zero invoice rate is what a blank form sends: accepted
    data = invoice([{"name": "A", "unit_price": 10, "tax_rates": [vat]}], tax_rate=0)
    assert data["tax_amount"] == D("1.9")
    # an update naming a rate on a draft whose items carry rates is refused too
    response = api.post(f"/v1/invoices/{data['id']}", json={"tax_rate": 5})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "tax_rate"


def test_bad_rate_ids_name_the_item(api, actor, rates, invoice):
    vat = rates("VAT", 19)
    archived = rates("Old VAT", 16)
    with transaction():
        tax_rates.archive_tax_rate(actor, archived)
    four = [rates(f"R{n}", n + 1) for n in range(4)]
    for item_rates, words in (([archived], "No such active tax rate"), (["txr_000000000000"], "No such active"),
                              ([vat, vat], "twice"), (four, "At most 3"), ("VAT", "list"), ([7], "list")):
        response = api.post("/v1/invoices", json={"customer_id": invoice.customer.id, "items": [
            {"name": "ok", "unit_price": 1}, {"name": "A", "unit_price": 1, "tax_rates": item_rates}]})
        assert response.status_code == 400, item_rates
        error = response.get_json()["error"]
        assert error["param"] == "items[1].tax_rates" and words in error["message"], (item_rates, error)
    assert api.get("/v1/invoices").get_json()["data"] == []


def test_copies_stay_when_the_rate_changes_and_until_items_are_given_again(api, rates, invoice):
    vat = rates("VAT", 19)
    data = invoice([{"name": "A", "unit_price": 100, "tax_rates": [vat]}])
    assert api.post(f"/v1/tax_rates/{vat}", json={"percentage": 20, "name": "VAT new"}).status_code == 200
    updated = api.post(f"/v1/invoices/{data['id']}", json={"discount_type": "fixed", "discount_value": 10}).get_json()
    assert updated["data"]["items"][0]["tax_rates"][0]["percentage"] == 19
    assert (updated["data"]["tax_amount"], updated["data"]["total"]) == (D("17.1"), D("107.1"))
    again = api.post(f"/v1/invoices/{data['id']}",
                     json={"items": [{"name": "A", "unit_price": 100, "tax_rates": [vat]}]}).get_json()["data"]
    assert (again["items"][0]["tax_rates"][0]["name"], again["tax_amount"]) == ("VAT new", 18)


def test_supply_date_or_period(api, invoice):
    data = invoice([{"name": "A", "unit_price": 1}], supply_date="2025-04-01")
    assert (data["supply_date"], data["supply_period_start"], data["supply_period_end"]) == ("2025-04-01", None, None)
    path = f"/v1/invoices/{data['id']}"
    for body, param in (({"supply_period_start": "2025-03-01", "supply_period_end": "2025-03-31"}, "supply_period_start"),
                        ({"supply_date": None, "supply_period_start": "2025-03-01"}, "supply_period_end"),
                        ({"supply_date": None, "supply_period_start": "2025-03-31",
                          "supply_period_end": "2025-03-01"}, "supply_period_end"),
                        ({"supply_date": "2025-02-30"}, "supply_date"),
                        ({"amounts_include_tax": "yes"}, "amounts_include_tax")):
        response = api.post(path, json=body)
        assert response.status_code == 400 and response.get_json()["error"]["param"] == param, (body, response.get_json())
    period = api.post(path, json={"supply_date": None, "supply_period_start": "2025-03-01",
                                  "supply_period_end": "2025-03-31"}).get_json()["data"]
    assert (period["supply_date"], period["supply_period_start"], period["supply_period_end"]) == \
        (None, "2025-03-01", "2025-03-31")


def test_tax_fields_are_draft_only(api, rates, invoice):
    data = invoice([{"name": "A", "unit_price": 1}])
    assert api.post(f"/v1/invoices/{data['id']}/send", json={}).status_code == 200
    for field, value in (("amounts_include_tax", True), ("supply_date", "2025-01-01")):
        response = api.post(f"/v1/invoices/{data['id']}", json={field: value})
        assert response.status_code == 409 and response.get_json()["error"]["param"] == field
