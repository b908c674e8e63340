"""JSON documents of the API's objects (the shapes of ``seeds/``, plus DESIGN §3 fields).

Amounts stay ``Decimal``; the app's JSON provider prints them without float noise."""
from __future__ import annotations

from datetime import date

from app.models import Customer, Invoice
from app.services import invoice_rows
from app.services.invoice_rows import InvoiceRecord
from app.services.invoice_states import effective_status

CUSTOMER_FIELDS = ("id", "name", "slug", "country", "contact_email", "contact_phone", "city", "zipcode",
                   "currency", "legal_name", "legal_address", "legal_vat", "notes", "status",
                   "created_at", "updated_at")
INVOICE_FIELDS = ("id", "invoice_number", "customer_id", "status", "issue_date", "due_date", "subtotal",
                  "discount_type", "discount_value", "discount_amount", "subtotal_after_discount", "tax_rate",
                  "tax_id", "tax_amount", "total", "amount_paid", "amount_refunded", "amount_due", "currency",
                  "notes", "payment_terms", "public_token", "sent_at", "viewed_at", "paid_at", "cancelled_at",
                  "cancellation_reason", "created_at", "updated_at")
DERIVED_FIELDS = ("customer_id", "status")  # the customer's public id; the effective status
ITEM_FIELDS = ("id", "item_name", "description", "quantity", "unit", "unit_price", "subtotal", "total",
               "sort_order")
PAYMENT_FIELDS = ("id", "amount", "payment_method", "transaction_id", "paid_at", "notes", "created_at")
REFUND_FIELDS = ("id", "amount", "reason", "payment_method", "created_at")


def _pick(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def customer_json(customer: Customer) -> dict:
    return _pick(customer, CUSTOMER_FIELDS)


def invoice_json(invoice: Invoice, today: date) -> dict:
    return invoice_document(invoice, invoice.customer, invoice.items, invoice.payments, invoice.refunds, today)


def record_json(record: InvoiceRecord, today: date) -> dict:
    """The same document from plain rows (:mod:`app.services.invoice_rows`)."""
    return invoice_document(record.invoice, record.customer, record.items, record.payments, record.refunds, today)


def rows_json(rows: list, today: date) -> list[dict]:
    """Documents of a page of :func:`app.services.invoice_rows.rows_query` rows."""
    return [record_json(record, today) for record in invoice_rows.records(rows)]


def invoice_document(invoice, customer, items, payments, refunds, today: date) -> dict:
    """An invoice's document from anything with its fields as attributes: an ORM object or a row."""
    # Every field in its place; the two that are not stored on the invoice are filled below.
    document = {name: None if name in DERIVED_FIELDS else getattr(invoice, name) for name in INVOICE_FIELDS}
    document["customer_id"] = customer.id
    document["status"] = effective_status(invoice, today)
    document["customer"] = {"id": customer.id, "name": customer.name, "contact_email": customer.contact_email}
    document["items"] = [_pick(item, ITEM_FIELDS) for item in items]
    document["payments"] = [_pick(payment, PAYMENT_FIELDS) for payment in payments]
    document["refunds"] = [_pick(refund, REFUND_FIELDS) for refund in refunds]
    return document
