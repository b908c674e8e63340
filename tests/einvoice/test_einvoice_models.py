"""From the models: an invoice's readiness, its XML (valid), the live parties and the
snapshots, the seed's single rate and items with their own rate copies."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from lxml import etree

from app.einvoice.validation import validate
from app.invoices import lifecycle
from app.models import InvoiceItem
from app.services import customers, document_items, einvoices, transaction
from app.services.einvoices import describe_invoice
from app.services.errors import ValidationError


def test_a_complete_invoice_is_ready_and_every_format_validates(ready_invoice):
    invoice = ready_invoice()
    readiness = einvoices.readiness(invoice)
    assert readiness.gaps == {"facturx": [], "xrechnung": [readiness.gaps["xrechnung"][0]], "ubl": []}
    assert readiness.gaps["xrechnung"][0].field == "buyer_reference"
    for fmt in ("facturx", "ubl"):
        xml, filename = einvoices.xml_of(invoice, fmt)
        report = validate(xml)
        assert report.ok, report.summary()
        assert filename.startswith(invoice.invoice_number)
    document = describe_invoice(invoice).document
    assert document.totals.grand_total == invoice.total == D("8769.60")
    assert document.seller.city == "Berlin" and document.seller.postal_code == "10115"
    assert [line.unit_code for line in document.lines] == ["HUR", "HUR"]


def test_xrechnung_with_a_buyer_reference_in_the_snapshot(ready_invoice):
    invoice = ready_invoice()
    snapshot = {**invoice.customer.billing_details(), "address_line1": "12 rue de la Paix", "postal_code": "75002",
                "buyer_reference": "04011000-12345-03"}
    invoice.billing_snapshot = snapshot
    xml, _ = einvoices.xml_of(invoice, "xrechnung")
    assert validate(xml).ok
    root = etree.fromstring(xml)
    assert root.findtext(".//{*}BuyerReference") == "04011000-12345-03"


def test_the_seller_snapshot_wins_over_the_live_company(ready_invoice):
    invoice = ready_invoice()
    invoice.seller_snapshot = {"name": "Old Name", "legal_name": "Old Name GmbH", "address_line1": "Altweg 2",
                               "address_line2": None, "city": "Hamburg", "postal_code": "20095", "region": None,
                               "country": "DE", "vat_id": "DE136695976", "email": None}
    document = describe_invoice(invoice).document
    assert document.seller.registered_name == "Old Name GmbH" and document.seller.city == "Hamburg"


def test_missing_fields_are_named(actor, make_invoice):
    invoice = make_invoice()   # the seed invoice: no seller address or VAT id, US buyer without address
    found = [gap.field for gap in einvoices.readiness(invoice).all_gaps]
    assert {"seller.address_line1", "seller.vat_id", "seller.country", "buyer.address_line1"} <= set(found)
    with pytest.raises(einvoices.NotReady) as refused:
        einvoices.xml_of(invoice, "ubl")
    assert "seller.vat_id" in refused.value.message
    with pytest.raises(ValidationError):
        einvoices.xml_of(invoice, "pdf")


def copy(rate_id, percentage, category="S", reason=None):
    return {"id": rate_id, "name": "MwSt", "percentage": percentage, "category": category, "exemption_reason": reason}


def test_items_with_their_own_rate_copies(ready_invoice, db):
    invoice = ready_invoice(tax_rate=0, discount_type="fixed", discount_value="10.00", items=[
        {"name": "Consulting", "quantity": 1, "unit_price": "100.00"},
        {"name": "Books", "quantity": 2, "unit_price": "10.50"}])
    with transaction():
        invoice.items[0].tax_rates = [copy("txr_standard0001", "19")]
        invoice.items[1].tax_rates = [copy("txr_reduced00001", "7")]
        document_items.apply_items(invoice, None, InvoiceItem)
    assert invoice.total == D("129.78")
    for fmt in ("facturx", "ubl"):
        assert validate(einvoices.xml_of(invoice, fmt)[0]).ok
    with transaction():  # two rates on one line (GST + QST style) cannot be an EN 16931 line
        invoice.items[1].tax_rates = [copy("txr_reduced00001", "7"), copy("txr_other0000001", "2")]
        document_items.apply_items(invoice, None, InvoiceItem)
    assert [gap.field for gap in einvoices.readiness(invoice).gaps["ubl"]] == ["items[1].tax_rates"]


def test_bhd_with_fils_is_not_ready(ready_invoice):
    invoice = ready_invoice(currency="BHD", tax_rate=10, discount_type=None, discount_value=0,
                            items=[{"name": "Hosting", "quantity": 1, "unit_price": "12.345"}])
    assert [gap.field for gap in einvoices.readiness(invoice).gaps["ubl"]] == ["amounts"]


def test_sending_keeps_the_buyer_snapshot_and_the_xml_follows_it(ready_invoice, actor):
    invoice = ready_invoice()
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
    with transaction():
        customers.update_customer(actor, invoice.customer.id, {"legal_vat": None})
    assert describe_invoice(invoice).document.buyer.vat_id == "FR40303265045"


