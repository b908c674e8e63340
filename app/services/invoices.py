"""Invoices: create and update (draft vs non-draft), totals, lookups and lists."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app import limits, money
from app.extensions import db
from app.ids import new_token
from app.models import Company, Customer, Invoice, InvoiceItem
from app.services import document_items, inputs, numbering, tenancy
from app.services.activity import record
from app.services.errors import InvalidTransition, NotEditable, NotFound, ValidationError
from app.services.inputs import Errors
from app.services.invoice_states import INVOICE, actions_for, effective_status
from app.services.lifecycle import change_status
from app.services.tenancy import Actor, today_for

EDITABLE_ANY_TIME = ("notes", "payment_terms")
DRAFT_FIELDS = ("customer_id", "issue_date", "due_date", "currency", "tax_rate", "tax_id",
                "discount_type", "discount_value", "amounts_include_tax", *document_items.SUPPLY_FIELDS,
                "items", "line_items")
FIELDS = set(DRAFT_FIELDS) | set(EDITABLE_ANY_TIME) | {"status"}
DEFAULT_TERM_DAYS = 30


# --- reading ----------------------------------------------------------------------------

def get_invoice(actor: Actor, invoice_id: str, *, for_update: bool = False) -> Invoice:
    return tenancy.get(Invoice, actor.company, invoice_id, for_update=for_update)


def invoice_currency(company: Company, customer: Customer | None) -> str:
    """The currency a new invoice gets unless one is chosen: its customer's, else the company's."""
    return customer.currency if customer is not None and customer.currency else company.currency


# --- writing ----------------------------------------------------------------------------

def _clean_fields(actor: Actor, data: dict, invoice: Invoice | None) -> dict:
    """Check every given field; returns clean values (``items`` as dicts)."""
    errors, clean = Errors(), {}
    if "customer_id" in data:
        try:
            customer = tenancy.get(Customer, actor.company, data["customer_id"])
            clean["customer"] = customer
        except NotFound as error:
            errors["customer_id"] = error.message
    for field in ("issue_date", "due_date"):
        if data.get(field) not in (None, ""):
            clean[field] = errors.capture(inputs.a_date, data[field], field)
    for field, limit in (("notes", limits.NOTES), ("payment_terms", limits.PAYMENT_TERMS)):
        if field in data:
            clean[field] = errors.capture(inputs.text, data[field], field, max_length=limit)
    clean.update(document_items.clean_pricing(data, invoice, errors, company=actor.company))
    clean.update(errors.capture(document_items.clean_supply, data, invoice) or {})
    errors.raise_if_any()
    return clean


def _apply(invoice: Invoice, clean: dict, items: list[dict] | None) -> None:
    for field in ("issue_date", "due_date", *document_items.SUPPLY_FIELDS, "notes", "payment_terms"):
        if field in clean:
            setattr(invoice, field, clean[field])
    if "customer" in clean:
        invoice.customer = clean["customer"]
    if invoice.due_date < invoice.issue_date:
        raise ValidationError({"due_date": "The due date cannot be before the issue date."})
    totals = document_items.apply_pricing(invoice, clean, items, InvoiceItem, amount_paid=invoice.amount_paid)
    invoice.amount_due = totals.amount_due


def preview_totals(actor: Actor, data: dict) -> money.Totals:
    """Totals for an unsaved form (the editor's live preview); raises ValidationError."""
    customer = tenancy.find(Customer, actor.company, data.get("customer_id"))
    data = {key: value for key, value in data.items() if key != "customer_id"}
    inputs.reject_unknown(data, FIELDS)
    clean = _clean_fields(actor, data, None)
    return document_items.preview(clean, clean.get("currency") or invoice_currency(actor.company, customer))


def create_invoice(actor: Actor, data: dict) -> Invoice:
    inputs.reject_unknown(data, FIELDS - {"status"})
    if data.get("customer_id") in (None, ""):
        raise ValidationError({"customer_id": "This field is required."})
    clean = _clean_fields(actor, data, None)
    customer = clean["customer"]
    issue_date = clean.get("issue_date") or today_for(actor.company)
    clean.setdefault("issue_date", issue_date)
    clean.setdefault("due_date", issue_date + timedelta(days=DEFAULT_TERM_DAYS))
    clean.setdefault("currency", invoice_currency(actor.company, customer))
    invoice = Invoice(company_pk=actor.company.pk, status="draft", public_token=new_token(),
                      tax_rate=Decimal(0), discount_value=Decimal(0), amount_paid=Decimal(0),
                      amount_refunded=Decimal(0), issue_date=issue_date, due_date=clean["due_date"],
                      currency=clean["currency"])
    _apply(invoice, clean, clean.get("items", []))
    invoice.invoice_number = numbering.next_number(actor.company, invoice.issue_date.year)
    db.session.add(invoice)
    record(actor, invoice, "invoice.created", number=invoice.invoice_number)
    return invoice


def update_invoice(actor: Actor, invoice_id: str, data: dict) -> Invoice:
    inputs.reject_unknown(data, FIELDS)
    invoice = get_invoice(actor, invoice_id, for_update=True)
    details = "edit_details" in actions_for(actor, invoice)
    if not details:
        locked = sorted(field for field in data if field in DRAFT_FIELDS)
        if locked:
            shown = effective_status(invoice, today_for(actor.company))
            raise NotEditable(
                f"This invoice is {shown}; {INVOICE.rules['edit_details'].explain}. "
                f"Refused: {', '.join(locked)}.", status=shown, param=locked[0])
    elif "status" in data and data["status"] != "draft":
        raise InvalidTransition("A draft invoice leaves draft by being sent.", status="draft", param="status")
    clean = _clean_fields(actor, {k: v for k, v in data.items() if k != "status"}, invoice)
    if details:
        _apply(invoice, clean, clean.get("items"))
    else:
        for field in EDITABLE_ANY_TIME:
            if field in clean:
                setattr(invoice, field, clean[field])
    if "status" in data and not details:
        change_status(actor, invoice, data["status"])
    changed = sorted(key for key in data if key != "status")
    if changed:
        record(actor, invoice, "invoice.updated", fields=changed)
    db.session.flush()
    return invoice


clean_document_fields = _clean_fields  # the fields every priced document shares (recurring invoices too)
