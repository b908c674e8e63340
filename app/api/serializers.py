"""JSON documents of the API's objects (the shapes of ``seeds/``, plus DESIGN §3 fields).

Amounts stay ``Decimal``; the app's JSON provider prints them without float noise."""
from __future__ import annotations

from datetime import date

from app.models import Customer, Invoice, InvoiceItem, Payment, Refund
from app.services.invoices import effective_status

CUSTOMER_FIELDS = ("id", "name", "slug", "country", "contact_email", "contact_phone", "city", "zipcode",
                   "currency", "legal_name", "legal_address", "legal_vat", "notes", "status",
                   "created_at", "updated_at")
INVOICE_FIELDS = ("id", "invoice_number", "customer_id", "status", "issue_date", "due_date", "subtotal",
                  "discount_type", "discount_value", "discount_amount", "subtotal_after_discount", "tax_rate",
                  "tax_id", "tax_amount", "total", "amount_paid", "amount_refunded", "amount_due", "currency",
                  "notes", "payment_terms", "public_token", "sent_at", "viewed_at", "paid_at", "cancelled_at",
                  "cancellation_reason", "created_at", "updated_at")
ITEM_FIELDS = ("id", "item_name", "description", "quantity", "unit", "unit_price", "subtotal", "total",
               "sort_order")
PAYMENT_FIELDS = ("id", "amount", "payment_method", "transaction_id", "paid_at", "notes", "created_at")
REFUND_FIELDS = ("id", "amount", "reason", "payment_method", "created_at")


def _pick(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def customer_json(customer: Customer) -> dict:
    return _pick(customer, CUSTOMER_FIELDS)


def item_json(item: InvoiceItem) -> dict:
    return _pick(item, ITEM_FIELDS)


def payment_json(payment: Payment) -> dict:
    return _pick(payment, PAYMENT_FIELDS)


def refund_json(refund: Refund) -> dict:
    return _pick(refund, REFUND_FIELDS)


def invoice_json(invoice: Invoice, today: date) -> dict:
    customer = invoice.customer
    document = {name: getattr(invoice, name) for name in INVOICE_FIELDS if name not in ("customer_id", "status")}
    document["customer_id"] = customer.id
    document["status"] = effective_status(invoice, today)
    document["customer"] = {"id": customer.id, "name": customer.name, "contact_email": customer.contact_email}
    document["items"] = [item_json(item) for item in invoice.items]
    document["payments"] = [payment_json(payment) for payment in invoice.payments]
    document["refunds"] = [refund_json(refund) for refund in invoice.refunds]
    return {name: document[name] for name in (*INVOICE_FIELDS, "customer", "items", "payments", "refunds")}
