"""/v1/invoices: create, list, retrieve, update (POST), delete, the life-cycle actions send,
record_payment, cancel and refund (each answers the invoice), and the PDF."""
from __future__ import annotations

from flask import request

from app.api.documents import PDF, pdf_download
from app.api.resources import Resource, cursor, listed, one
from app.api.serializers import invoice_json, record_json, rows_json
from app.invoices import lifecycle
from app.invoices import rows as invoice_rows
from app.invoices import search as invoice_search
from app.invoices import service as invoices
from app.invoices.schemas import (
    CancelInput,
    Invoice,
    InvoiceCreate,
    InvoiceListParams,
    InvoiceUpdate,
    PaymentInput,
    RefundInput,
)
from app.invoices.search import InvoiceFilters
from app.rendering.mail import deliver_invoice
from app.rendering.pdf import invoice_pdf
from app.services.errors import NotFound
from app.services.tenancy import today_for

# Query parameter -> filter (every range includes both of its ends).
API_DATE_FILTERS = {"due_after": "due_from", "due_before": "due_to", "issued_from": "issued_from",
                    "issued_to": "issued_to"}


INVOICE = Resource("/invoices/<invoice_id>", lambda actor, invoice: invoice_json(invoice, today_for(actor.company)),
                   Invoice)

create_invoice = INVOICE.create("Create a draft invoice; totals are computed.", body=InvoiceCreate,
                                runs=invoices.create_invoice)
update_invoice = INVOICE.action(None, "Update an invoice (see editing restrictions).", body=InvoiceUpdate,
                                errors=(409,), runs=invoices.update_invoice)
delete_invoice = INVOICE.delete("Delete an invoice (soft; admin only; not when paid); it is 404 afterwards.",
                                errors=(403, 409), runs=lifecycle.delete_invoice)


@INVOICE.listing("List invoices, newest first.", query=InvoiceListParams)  # the filtering is below
def list_invoices(actor, body):
    args = request.args
    filters = InvoiceFilters(status=args.get("status"), customer_id=args.get("customer_id"), q=args.get("q", ""),
                             **invoice_search.date_filters(args, API_DATE_FILTERS))
    page = invoice_search.page_of_rows(actor, filters, **cursor())
    return listed(page, rows_json(page.items, today_for(actor.company)))


@INVOICE.retrieve("Retrieve an invoice.", answer=False)
def retrieve_invoice(actor, body, invoice_id):
    """As :func:`app.invoices.service.get_invoice`, read as plain rows."""
    record = invoice_rows.one(actor.company, invoice_id)
    if record is None:
        raise NotFound(f"No such invoice: '{invoice_id}'.", param="id")
    return one(record_json(record, today_for(actor.company)))


@INVOICE.action("send", "Email the invoice to its customer (a draft becomes sent; later sends remind).",
                errors=(409, 502))
def send_invoice(actor, body, invoice_id):
    return lifecycle.send_invoice(actor, invoice_id, deliver_invoice)


@INVOICE.action("record_payment", "Record a payment (partial or paid).", body=PaymentInput, errors=(409,),
                op_id="recordPayment")
def record_payment(actor, body, invoice_id):
    return lifecycle.record_payment(actor, invoice_id, body).invoice


@INVOICE.action("cancel", "Cancel the invoice.", body=CancelInput, errors=(409,))
def cancel_invoice(actor, body, invoice_id):
    return lifecycle.cancel_invoice(actor, invoice_id, body.get("cancellation_reason"))


@INVOICE.action("refund", "Refund paid money (a payment recorded from Stripe is refunded through Stripe first).",
                body=RefundInput, errors=(409, 502))
def refund_invoice(actor, body, invoice_id):
    return lifecycle.refund_invoice(actor, invoice_id, body).invoice


@INVOICE.download("pdf", "The invoice as a PDF document.", PDF, errors=(503,))
def download_invoice_pdf(actor, body, invoice_id):
    return pdf_download(invoices.get_invoice(actor, invoice_id), invoice_pdf)
