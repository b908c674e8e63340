"""GET /v1/invoices/<id>/einvoice and /v1/credit_notes/<id>/einvoice
?format=facturx|xrechnung|ubl: the document's e-invoice XML (a credit note's is type 381 and
names the invoice it corrects), or a 409 naming what the format needs and the document lacks."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.credit_notes import service as credit_notes
from app.invoices import service as invoices
from app.rendering.xml import XML, xml_response
from app.schemas.einvoices import EinvoiceParams
from app.services import einvoices

__all__ = ["XML", "download_credit_note_einvoice", "download_invoice_einvoice"]


@bp.get("/invoices/<invoice_id>/einvoice")
@endpoint(reads=True, query=EinvoiceParams)
def download_invoice_einvoice(actor, body, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    return xml_response(*einvoices.xml_of(invoice, request.args.get("format", "facturx")))


@bp.get("/credit_notes/<credit_note_id>/einvoice")
@endpoint(reads=True, query=EinvoiceParams)
def download_credit_note_einvoice(actor, body, credit_note_id):
    note = credit_notes.get_credit_note(actor, credit_note_id)
    return xml_response(*einvoices.xml_of(note, request.args.get("format", "facturx")))
