"""Invoices with tax rates per item through the invoice service (DESIGN §10): the four
examples to the cent, the copies stored on the items, the stored breakdown, and the rules
that join the invoice's rate, the items' rates and the supply fields."""
from decimal import Decimal as D

import pytest

from app.invoices import service as invoices
from app.services import document_items, tax_rates, transaction
from app.services.errors import ValidationError


@pytest.fixture()
def rate(actor):
    def make(name, percentage, **more):
        with transaction():
            return tax_rates.create_tax_rate(actor, {"name": name, "percentage": percentage, **more}).id
    return make


@pytest.fixture()
def create(actor, make_customer):
    customer = make_customer(currency="EUR")

    def make(items, **fields):
        with transaction():
            return invoices.create_invoice(actor, {"customer_id": customer.id, "items": items, **fields})
    return make


def figures(invoice):
    return [(entry["name"], entry["taxable_amount"], entry["tax_amount"]) for entry in document_items.breakdown_of(invoice)]


def test_two_rates(rate, create):
    vat, reduced = rate("VAT", 19), rate("VAT reduced", 7)
    invoice = create([{"name": "A", "unit_price": "100.00", "tax_rates": [vat]},
                      {"name": "B", "quantity": 2, "unit_price": "10.50", "tax_rates": [reduced]}])
    assert figures(invoice) == [("VAT", "100", "19"), ("VAT reduced", "21", "1.47")]
    assert (invoice.tax_amount, invoice.total, invoice.amount_due) == (D("20.47"), D("141.47"), D("141.47"))
    assert invoice.items[0].tax_rates == [{"id": vat, "name": "VAT", "percentage": "19", "category": "S",
                                           "exemption_reason": None}]


def test_two_rates_with_a_fixed_discount(rate, create):
    vat, reduced = rate("VAT", 19), rate("VAT reduced", 7)
    invoice = create([{"name": "A", "unit_price": "100.00", "tax_rates": [vat]},
                      {"name": "B", "quantity": 2, "unit_price": "10.50", "tax_rates": [reduced]}],
                     discount_type="fixed", discount_value="10.00", currency="EUR")
    assert figures(invoice) == [("VAT", "91.74", "17.43"), ("VAT reduced", "19.26", "1.35")]
    assert invoice.total == D("129.78")


def test_gst_and_qst(rate, create):
    gst, qst = rate("GST", 5), rate("QST", "9.975")
    invoice = create([{"name": "A", "unit_price": "100.00", "tax_rates": [gst, qst]}])
    assert figures(invoice) == [("GST", "100", "5"), ("QST", "100", "9.98")]
    assert invoice.total == D("114.98")


def test_prices_including_tax(rate, create):
    vat = rate("VAT", 19)
    invoice = create([{"name": "A", "quantity": 3, "unit_price": "9.99", "tax_rates": [vat]}], amounts_include_tax=True)
    assert (invoice.total, invoice.tax_amount, invoice.total - invoice.tax_amount) == (D("29.97"), D("4.79"), D("25.18"))
    assert figures(invoice) == [("VAT", "25.18", "4.79")]


def test_an_exempt_rate_keeps_its_reason_on_the_copy(rate, create):
    exempt = rate("Reverse charge", 0, category="AE", exemption_reason="Reverse charge, Art. 196")
    invoice = create([{"name": "A", "unit_price": 50, "tax_rates": [exempt]}])
    assert invoice.items[0].tax_rates[0]["exemption_reason"] == "Reverse charge, Art. 196"
    assert invoice.total == 50 and figures(invoice) == [("Reverse charge", "50", "0")]


def test_the_rules_that_join_fields(actor, rate, create):
    vat = rate("VAT", 19)
    with pytest.raises(ValidationError) as refused:
        create([{"name": "A", "unit_price": 1, "tax_rates": [vat]}], tax_rate="16")
    assert set(refused.value.errors) == {"tax_rate"}
    with pytest.raises(ValidationError) as refused:
        create([{"name": "A", "unit_price": 1, "tax_rates": [vat, " ", vat]}])
    assert set(refused.value.errors) == {"items[0].tax_rates"}
    with pytest.raises(ValidationError) as refused:
        create([{"name": "A", "unit_price": 1}], supply_date="2025-01-01", supply_period_start="2025-01-01",
               supply_period_end="2025-01-31")
    assert set(refused.value.errors) == {"supply_date"}
    invoice = create([{"name": "A", "unit_price": 1, "tax_rates": ["", vat]}], tax_rate="",
                     supply_period_start="2025-01-01", supply_period_end="2025-01-31")
    assert invoice.tax_rate == 0 and len(invoice.items[0].tax_rates) == 1
    # the seed's rate applies when no item names one, exactly as before
    seed = create([{"name": "A", "quantity": 40, "unit_price": 150}, {"name": "B", "quantity": 20, "unit_price": 120}],
                  tax_rate=16, discount_type="percentage", discount_value=10)
    assert (seed.tax_amount, seed.total) == (D("1209.6"), D("8769.6"))
    assert figures(seed) == [(None, "7560", "1209.6")]
