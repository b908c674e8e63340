"""The Factur-X PDF: a PDF/A-3 with the invoice's CII embedded as factur-x.xml; served and
mailed wherever the plain PDF was, when the company wants it and the invoice is ready."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from lxml import etree

from app.einvoice.validation import validate
from app.rendering import pdf
from app.rendering.mail import build_message
from app.services import accounts, transaction
from tests.support.pdf import TOTALS, embedded_xml, xmp

pytestmark = pytest.mark.commits


def test_a_ready_invoice_is_served_as_a_factur_x_pdf(app, ready_invoice):
    invoice = ready_invoice()
    document = pdf.invoice_pdf(invoice)
    assert document.rendered is not None and document.content.startswith(b"%PDF-")
    metadata = xmp(document.content)
    assert b"<pdfaid:part>3</pdfaid:part>" in metadata or b'pdfaid:part="3"' in metadata
    assert b"fx:ConformanceLevel" in metadata and b"EN 16931" in metadata
    xml = embedded_xml(document.content)
    assert validate(xml).ok
    root = etree.fromstring(xml)
    assert root.findtext("{*}ExchangedDocument/{*}ID") == invoice.invoice_number
    assert D(root.findtext(TOTALS + "GrandTotalAmount")) == invoice.total
    assert D(root.findtext(TOTALS + "TaxTotalAmount")) == invoice.tax_amount
    assert D(root.findtext(TOTALS + "TaxBasisTotalAmount")) == invoice.subtotal_after_discount
    again = pdf.invoice_pdf(invoice)
    assert again.rendered is None and again.key == document.key and again.content == document.content


def test_the_company_setting_and_readiness_choose_the_plain_pdf(app, actor, ready_invoice, make_invoice):
    invoice = ready_invoice()
    factur_x = pdf.invoice_pdf(invoice)
    with transaction():
        accounts.update_company(actor, {"einvoice_pdf": False})
    plain = pdf.invoice_pdf(invoice)
    assert plain.key != factur_x.key
    assert embedded_xml(plain.content) is None and b"pdfaid" not in plain.content
    with transaction():
        accounts.update_company(actor, {"einvoice_pdf": True})
    assert pdf.invoice_pdf(invoice).key == factur_x.key
    with transaction():   # without a VAT id the invoice is not ready: plain PDF
        accounts.update_company(actor, {"vat_id": None})
    assert embedded_xml(pdf.invoice_pdf(invoice).content) is None


def test_the_mailed_pdf_is_the_factur_x_pdf(app, ready_invoice):
    invoice = ready_invoice()
    with app.test_request_context():
        message = build_message(invoice, False)
    attachment = next(part for part in message.iter_attachments())
    assert embedded_xml(attachment.get_content()) is not None


def test_the_setting_is_a_boolean(actor):
    import pytest

    from app.services.errors import ValidationError
    with pytest.raises(ValidationError) as refused:
        accounts.update_company(actor, {"einvoice_pdf": "yes"})
    assert refused.value.errors == {"einvoice_pdf": "Must be true or false."}
