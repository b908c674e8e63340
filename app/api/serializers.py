"""JSON documents of the API's objects, with the fields of their :mod:`app.schemas` models.

Amounts stay ``Decimal``; the app's JSON provider prints them without float noise."""
from __future__ import annotations

from datetime import date

from app.models import CreditNote, Customer, Invoice
from app.schemas import credit_notes as credit_note_schemas
from app.schemas import customers as customer_schemas
from app.schemas import invoices as schemas
from app.services import invoice_rows
from app.services.invoice_rows import InvoiceRecord
from app.services.invoice_states import effective_status

CUSTOMER_FIELDS = tuple(customer_schemas.Customer.model_fields)
# The invoice's own fields; the customer and its lines are documents of their own.
INVOICE_FIELDS = tuple(name for name in schemas.Invoice.model_fields
                       if name not in ("customer", "items", "payments", "refunds", "credit_notes"))
DERIVED_FIELDS = ("customer_id", "status")  # the customer's public id; the effective status
ITEM_FIELDS = tuple(schemas.InvoiceItem.model_fields)
PAYMENT_FIELDS = tuple(schemas.Payment.model_fields)
REFUND_FIELDS = tuple(schemas.Refund.model_fields)
INVOICE_CUSTOMER_FIELDS = tuple(schemas.InvoiceCustomer.model_fields)
CREDIT_NOTE_SUMMARY_FIELDS = tuple(credit_note_schemas.CreditNoteSummary.model_fields)
CREDIT_NOTE_FIELDS = tuple(name for name in credit_note_schemas.CreditNote.model_fields if name != "lines")
BREAKDOWN_FIELDS = tuple(credit_note_schemas.TaxBreakdownEntry.model_fields)


def _pick(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def customer_json(customer: Customer) -> dict:
    return _pick(customer, CUSTOMER_FIELDS)


def invoice_json(invoice: Invoice, today: date) -> dict:
    return invoice_document(invoice, invoice.customer, invoice.items, invoice.payments, invoice.refunds, today,
                            invoice.credit_notes)


def record_json(record: InvoiceRecord, today: date) -> dict:
    """The same document from plain rows (:mod:`app.services.invoice_rows`)."""
    return invoice_document(record.invoice, record.customer, record.items, record.payments, record.refunds, today,
                            record.credit_notes)


def rows_json(rows: list, today: date) -> list[dict]:
    """Documents of a page of :func:`app.services.invoice_rows.rows_query` rows."""
    return [record_json(record, today) for record in invoice_rows.records(rows)]


def invoice_document(invoice, customer, items, payments, refunds, today: date, credit_notes=()) -> dict:
    """An invoice's document from anything with its fields as attributes: an ORM object or a row."""
    # Every field in its place; the two that are not stored on the invoice are filled below.
    document = {name: None if name in DERIVED_FIELDS else getattr(invoice, name) for name in INVOICE_FIELDS}
    document["customer_id"] = customer.id
    document["status"] = effective_status(invoice, today)
    document["customer"] = _pick(customer, INVOICE_CUSTOMER_FIELDS)
    document["items"] = [_pick(item, ITEM_FIELDS) for item in items]
    document["payments"] = [_pick(payment, PAYMENT_FIELDS) for payment in payments]
    document["refunds"] = [_pick(refund, REFUND_FIELDS) for refund in refunds]
    document["credit_notes"] = [_pick(note, CREDIT_NOTE_SUMMARY_FIELDS) for note in credit_notes]
    return document


def credit_note_json(note: CreditNote) -> dict:
    """A credit note's document (DESIGN §11); a line's description is its stored item_name."""
    document = _pick(note, CREDIT_NOTE_FIELDS)
    document["tax_breakdown"] = [{name: entry.get(name) for name in BREAKDOWN_FIELDS}
                                 for entry in note.tax_breakdown or ()]
    document["lines"] = [{"description": line.item_name, "quantity": line.quantity, "unit_price": line.unit_price,
                          "subtotal": line.subtotal, "tax_rates": line.tax_rates or []} for line in note.lines]
    return document
