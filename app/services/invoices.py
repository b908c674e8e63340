"""Invoices: create and update (draft vs non-draft), totals, lookups and lists. A new draft
and the editor's preview are the ones quotes have too (:mod:`app.services.documents`)."""
from __future__ import annotations

from app import limits, money
from app.extensions import db
from app.models import Invoice, InvoiceItem
from app.services import document_items, documents, inputs, numbering, tenancy
from app.services.activity import record
from app.services.errors import InvalidTransition, NotEditable, ValidationError
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


invoice_currency = documents.currency_for  # the name recurring invoices, the editor and the seed use


# --- writing ----------------------------------------------------------------------------

def _clean_fields(actor: Actor, data: dict, invoice: Invoice | None) -> dict:
    """Check every given field; returns clean values (``items`` as dicts)."""
    errors = Errors()
    clean = documents.clean_heading(actor, data, errors, dates=("issue_date", "due_date"),
                                    texts=(("notes", limits.NOTES), ("payment_terms", limits.PAYMENT_TERMS)))
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


KIND = documents.Kind(Invoice, numbering.INVOICE, "invoice_number", "due_date", DEFAULT_TERM_DAYS, frozenset(FIELDS),
                      _clean_fields, _apply, zero_fields=("amount_paid", "amount_refunded"))


def preview_totals(actor: Actor, data: dict) -> money.Totals:
    """Totals for an unsaved form (the editor's live preview); raises ValidationError."""
    return documents.preview_totals(actor, data, KIND)


def create_invoice(actor: Actor, data: dict) -> Invoice:
    return documents.create_draft(actor, data, KIND)


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
