"""JSON documents of the API's objects, with the fields of their :mod:`app.schemas` models.

Amounts stay ``Decimal``; the app's JSON provider prints them without float noise."""
from __future__ import annotations

from datetime import date

from app.models import Customer, Invoice, Quote
from app.schemas import customers as customer_schemas
from app.schemas import invoices as schemas
from app.schemas import quotes as quote_schemas
from app.services import invoice_rows
from app.services.invoice_rows import InvoiceRecord
from app.services.invoice_states import effective_status
from app.services.quote_states import effective_status as quote_status

CUSTOMER_FIELDS = tuple(customer_schemas.Customer.model_fields)
# The invoice's own fields; the customer and its lines are documents of their own.
INVOICE_FIELDS = tuple(name for name in schemas.Invoice.model_fields
                       if name not in ("customer", "items", "payments", "refunds"))
DERIVED_FIELDS = ("customer_id", "status")  # the customer's public id; the effective status
ITEM_FIELDS = tuple(schemas.InvoiceItem.model_fields)
PAYMENT_FIELDS = tuple(schemas.Payment.model_fields)
REFUND_FIELDS = tuple(schemas.Refund.model_fields)
INVOICE_CUSTOMER_FIELDS = tuple(schemas.InvoiceCustomer.model_fields)
QUOTE_FIELDS = tuple(name for name in quote_schemas.Quote.model_fields if name not in ("customer", "items"))


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
    document["customer"] = _pick(customer, INVOICE_CUSTOMER_FIELDS)
    document["items"] = [_pick(item, ITEM_FIELDS) for item in items]
    document["payments"] = [_pick(payment, PAYMENT_FIELDS) for payment in payments]
    document["refunds"] = [_pick(refund, REFUND_FIELDS) for refund in refunds]
    return document


def quote_json(quote: Quote, today: date) -> dict:
    document = _pick(quote, [name for name in QUOTE_FIELDS if name not in DERIVED_FIELDS])
    document["customer_id"] = quote.customer.id
    document["status"] = quote_status(quote, today)
    document["customer"] = _pick(quote.customer, INVOICE_CUSTOMER_FIELDS)
    document["items"] = [_pick(item, ITEM_FIELDS) for item in quote.items]
    return {name: document[name] for name in (*QUOTE_FIELDS, "customer", "items")}
