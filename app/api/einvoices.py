"""GET /v1/invoices/<id>/einvoice?format=facturx|xrechnung|ubl: the invoice's e-invoice XML,
or a 409 naming what the format needs and the invoice lacks."""
from __future__ import annotations

from flask import request

from app.api import bp
from app.api.endpoint import endpoint
from app.documents.xml import XML, xml_response
from app.schemas.einvoices import EinvoiceParams
from app.services import einvoices, invoices

__all__ = ["XML", "download_invoice_einvoice"]


@bp.get("/invoices/<invoice_id>/einvoice")
@endpoint(reads=True, query=EinvoiceParams)
def download_invoice_einvoice(actor, body, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    return xml_response(*einvoices.xml_of(invoice, request.args.get("format", "facturx")))
