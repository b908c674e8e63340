"""Documents read as the company's country expects (issue 24 #20): addresses by the country's
postal convention on the PDF, the client's page and the dashboard; the tax id labelled by
country; the supply date line where the seller's country asks for it; the e-invoice card for a
company in the EU (or one without a country) only."""
import io
from html import unescape

import pytest
from pypdf import PdfReader

from app.invoices import lifecycle
from app.presentation import address_lines, tax_id_label
from app.rendering import pdf
from app.services import accounts, transaction
from tests.support.html import text_of

US_COMPANY = {"name": "Empire Consulting", "legal_name": "Empire Consulting LLC", "country": "US",
              "address_line1": "350 Fifth Avenue", "city": "New York", "region": "New York", "postal_code": "10118",
              "vat_id": "12-3456789"}
US_CUSTOMER = {"name": "Globex", "country": "US", "address_line1": "1 Market St", "city": "San Francisco",
               "region": "CA", "postal_code": "94105", "legal_vat": "98-7654321"}
DE_COMPANY = {"name": "Acme Studio", "country": "DE", "address_line1": "Hauptstraße 1", "city": "Berlin",
              "postal_code": "10115", "vat_id": "DE136695976"}


def pdf_text(invoice) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.invoice_pdf(invoice).content)).pages)


@pytest.mark.parametrize(("fields", "lines"), [
    ({**US_COMPANY}, ["350 Fifth Avenue", "New York, NY 10118", "United States"]),
    ({"address_line1": "1 Main", "city": "Toronto", "region": "Ontario", "postal_code": "M5V 2T6", "country": "CA"},
     ["1 Main", "Toronto ON M5V 2T6", "Canada"]),
    ({"address_line1": "Hauptstraße 1", "address_line2": "Hinterhaus", "city": "Berlin", "postal_code": "10115",
      "country": "DE"}, ["Hauptstraße 1", "Hinterhaus", "10115 Berlin", "Germany"]),
    ({"address_line1": "10 Downing St", "city": "London", "postal_code": "SW1A 2AA", "country": "GB"},
     ["10 Downing St", "London", "SW1A 2AA", "United Kingdom"]),
    ({"address_line1": "1 Main", "city": "Springfield", "postal_code": "12345"}, ["1 Main", "12345 Springfield"]),
    ({"address_line1": "1 Main", "postal_code": "10118", "country": "US"}, ["1 Main", "10118", "United States"]),
])
def test_addresses_follow_the_countrys_convention(fields, lines):
    assert address_lines(fields) == lines


def test_the_tax_id_label_by_country():
    assert [tax_id_label(c) for c in ("DE", "GB", "CH", "US", "CA", "AU", "IN", None)] == [
        "VAT ID", "VAT ID", "VAT ID", "EIN / Tax ID", "GST/HST No.", "ABN", "GSTIN", "VAT ID"]


def test_a_us_business_documents_read_american(app, client, owner, make_customer, make_invoice):
    with transaction():
        accounts.update_company(owner, US_COMPANY)
    customer = make_customer(**US_CUSTOMER)
    invoice = make_invoice(customer=customer, due_date="2099-01-01")
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert "E-invoice" not in html and "Supply date" not in html and "Factur-X" not in html
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    text = pdf_text(invoice)
    for expected in ("New York, NY 10118", "San Francisco, CA 94105", "EIN / Tax ID: 12-3456789",
                     "EIN / Tax ID: 98-7654321"):
        assert expected in text, expected
    assert "VAT ID" not in text and "Supply date" not in text and "10118 New York" not in text
    public = unescape(text_of(app.test_client().get(f"/i/{invoice.public_token}")))
    assert "New York, NY 10118" in public and "EIN / Tax ID: 98-7654321" in public and "Supply date" not in public
    page = unescape(text_of(client.get(f"/customers/{customer.id}")))
    assert "San Francisco, CA 94105" in page and "EIN / Tax ID" in page


def test_a_german_business_keeps_the_supply_date_and_the_e_invoice_card(app, client, owner, make_invoice):
    with transaction():
        accounts.update_company(owner, DE_COMPANY)
    invoice = make_invoice(due_date="2099-01-01")
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert "E-invoice" in html and "Supply date: Apr 15, 2025" in html
    text = pdf_text(invoice)
    assert "10115 Berlin" in text and "VAT ID: DE136695976" in text and "Supply date: Apr 15, 2025" in text
