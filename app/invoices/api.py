"""/v1/invoices: create, list, retrieve, update (POST), delete, and the life-cycle actions
send, record_payment, cancel and refund (each answers the invoice)."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.api.resources import Resource, cursor, listed, one
from app.api.serializers import invoice_json, record_json, rows_json
from app.invoices import lifecycle
from app.invoices import rows as invoice_rows
from app.invoices import search as invoice_search
from app.invoices import service as invoices
from app.invoices.schemas import CancelInput, InvoiceCreate, InvoiceListParams, InvoiceUpdate, PaymentInput, RefundInput
from app.invoices.search import InvoiceFilters
from app.rendering.mail import deliver_invoice
from app.services.errors import NotFound
from app.services.tenancy import today_for

# Query parameter -> filter (every range includes both of its ends).
API_DATE_FILTERS = {"due_after": "due_from", "due_before": "due_to", "issued_from": "issued_from",
                    "issued_to": "issued_to"}


INVOICE = Resource("/invoices/<invoice_id>",
                         lambda actor, invoice: invoice_json(invoice, today_for(actor.company)))


@bp.post("/invoices")
@endpoint(body=InvoiceCreate)
def create_invoice(actor, body):
    return INVOICE.one(actor, invoices.create_invoice(actor, body), 201)


@bp.get("/invoices")
@endpoint(reads=True, query=InvoiceListParams)  # checks the filters' shape; the filtering is below
def list_invoices(actor, body):
    args = request.args
    filters = InvoiceFilters(status=args.get("status"), customer_id=args.get("customer_id"), q=args.get("q", ""),
                             **invoice_search.date_filters(args, API_DATE_FILTERS))
    page = invoice_search.page_of_rows(actor, filters, **cursor())
    return listed(page, rows_json(page.items, today_for(actor.company)))


@bp.get("/invoices/<invoice_id>")
@endpoint(reads=True)
def retrieve_invoice(actor, body, invoice_id):
    """As :func:`app.invoices.service.get_invoice`, read as plain rows."""
    record = invoice_rows.one(actor.company, invoice_id)
    if record is None:
        raise NotFound(f"No such invoice: '{invoice_id}'.", param="id")
    return one(record_json(record, today_for(actor.company)))


@INVOICE.action(body=InvoiceUpdate)
def update_invoice(actor, body, invoice_id):
    return invoices.update_invoice(actor, invoice_id, body)


@INVOICE.delete()
def delete_invoice(actor, body, invoice_id):
    return lifecycle.delete_invoice(actor, invoice_id).id


@INVOICE.action("send")
def send_invoice(actor, body, invoice_id):
    return lifecycle.send_invoice(actor, invoice_id, deliver_invoice)


@INVOICE.action("record_payment", body=PaymentInput)
def record_payment(actor, body, invoice_id):
    return lifecycle.record_payment(actor, invoice_id, body).invoice


@INVOICE.action("cancel", body=CancelInput)
def cancel_invoice(actor, body, invoice_id):
    return lifecycle.cancel_invoice(actor, invoice_id, body.get("cancellation_reason"))


@INVOICE.action("refund", body=RefundInput)
def refund_invoice(actor, body, invoice_id):
    return lifecycle.refund_invoice(actor, invoice_id, body).invoice
