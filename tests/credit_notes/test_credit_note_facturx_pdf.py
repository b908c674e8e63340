"""A credit note's PDF is its Factur-X PDF when it is ready (DESIGN §14, issue 24 item 15):
type 381 CII embedded as factur-x.xml, valid, served by the dashboard, the API and the public
link and mailed; the plain PDF when the company switched Factur-X PDFs off."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from lxml import etree

from app.credit_notes import service as credit_notes
from app.einvoice.validation import validate
from app.invoices import lifecycle
from app.rendering import pdf
from app.rendering.mail import build_credit_note_message
from app.services import accounts, transaction
from tests.support.pdf import TOTALS, embedded_xml, xmp

pytestmark = pytest.mark.commits


def _credit_note(actor, ready_invoice):
    invoice = ready_invoice()
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *sent: None)
    with transaction():
        note = credit_notes.create_credit_note(actor, {"invoice_id": invoice.id, "amount": "100",
                                                       "reason": "Two hours billed twice"})
    return invoice, note


def test_a_ready_credit_note_pdf_embeds_its_valid_cii(app, actor, ready_invoice):
    invoice, note = _credit_note(actor, ready_invoice)
    document = pdf.credit_note_pdf(note)
    metadata = xmp(document.content)
    assert b"<pdfaid:part>3</pdfaid:part>" in metadata or b'pdfaid:part="3"' in metadata
    assert b"fx:ConformanceLevel" in metadata
    xml = embedded_xml(document.content)
    assert xml is not None and validate(xml).ok
    root = etree.fromstring(xml)
    assert root.findtext("{*}ExchangedDocument/{*}TypeCode") == "381"
    assert root.findtext("{*}ExchangedDocument/{*}ID") == note.number
    assert D(root.findtext(TOTALS + "GrandTotalAmount")) == note.total == D(100)
    assert invoice.invoice_number.encode() in xml  # the invoice it corrects
    with transaction():
        accounts.update_company(actor, {"einvoice_pdf": False})
    assert embedded_xml(pdf.credit_note_pdf(note).content) is None


def test_every_door_serves_and_mails_the_factur_x_pdf(app, actor, ready_invoice, client, login):
    _, note = _credit_note(actor, ready_invoice)
    login(actor.user.email)
    with transaction():
        _, key = accounts.create_api_key(actor.user, "tests")
    served = {
        "dashboard": client.get(f"/credit_notes/{note.id}/pdf"),
        "api": client.get(f"/v1/credit_notes/{note.id}/pdf", query_string={"company_id": actor.company.id},
                          headers={"Authorization": f"Bearer {key}"}),
        "public": client.get(f"/c/{note.public_token}/pdf"),
    }
    for door, response in served.items():
        assert response.status_code == 200, door
        assert embedded_xml(response.data) is not None, door
    with app.test_request_context():
        message = build_credit_note_message(credit_notes.get_credit_note(actor, note.id))
    attachment = next(part for part in message.iter_attachments())
    assert validate(embedded_xml(attachment.get_content())).ok
