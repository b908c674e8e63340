"""GET /v1/invoices/<id>/einvoice and /v1/credit_notes/<id>/einvoice
?format=facturx|xrechnung|ubl: the document's e-invoice XML (a credit note's is type 381 and
names the invoice it corrects), or a 409 naming what the format needs and the document lacks."""
from __future__ import annotations

from flask import request

from app.credit_notes import service as credit_notes
from app.credit_notes.api import CREDIT_NOTE
from app.invoices import service as invoices
from app.invoices.api import INVOICE
from app.rendering.xml import XML, xml_response
from app.schemas.einvoices import EinvoiceParams
from app.services import einvoices

__all__ = ["XML", "download_credit_note_einvoice", "download_invoice_einvoice"]


@INVOICE.download("einvoice", "The invoice as an e-invoice XML (Factur-X CII, XRechnung or UBL); 409 names what "
                              "the format needs and the invoice lacks.", XML, errors=(409,), query=EinvoiceParams)
def download_invoice_einvoice(actor, body, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    return xml_response(*einvoices.xml_of(invoice, request.args.get("format", "facturx")))


@CREDIT_NOTE.download("einvoice", "The credit note as an e-invoice XML (type 381, naming the invoice it corrects; "
                                  "Factur-X CII, XRechnung or UBL); 409 names what the format needs and the credit "
                                  "note lacks.", XML, errors=(409,), query=EinvoiceParams)
def download_credit_note_einvoice(actor, body, credit_note_id):
    note = credit_notes.get_credit_note(actor, credit_note_id)
    return xml_response(*einvoices.xml_of(note, request.args.get("format", "facturx")))
