"""Invoices: create and update (draft vs non-draft), totals, lookups and lists. A new draft,
an update and the editor's preview are the ones quotes have too (:mod:`app.services.documents`)."""
from __future__ import annotations

from app import limits
from app.extensions import db  # noqa: F401 (callers read the session as invoices.db)
from app.i18n import _l
from app.invoices.lifecycle import change_status
from app.invoices.states import INVOICE, effective_status, settle
from app.models import Invoice, InvoiceItem
from app.services import bank_accounts, document_items, documents, inputs, numbering, tenancy
from app.services.inputs import Errors
from app.services.tenancy import Actor

# online_payment only changes the client's page (its Pay button, DESIGN §16), so it changes in any status.
EDITABLE_ANY_TIME = ("notes", "payment_terms", "online_payment")
DRAFT_FIELDS = ("customer_id", "issue_date", "due_date", "currency", "bank_account_id", "tax_rate", "tax_id",
                "discount_type", "discount_value", "amounts_include_tax", *document_items.SUPPLY_FIELDS,
                "items", "line_items")
TEXTS = ("notes", "payment_terms")  # with the items', the text its total limit counts
DEFAULT_TERM_DAYS = 30
DUE_BEFORE_ISSUE = _l("The due date cannot be before the issue date.")


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
    if "online_payment" in data:
        clean["online_payment"] = errors.capture(inputs.boolean, data["online_payment"], "online_payment")
    clean.update(errors.capture(document_items.clean_supply, data, invoice) or {})
    document_items.clean_text_total(data, clean, invoice, errors, texts=TEXTS, noun="invoice")
    documents.check_order(actor, clean, invoice, errors, "issue_date", "due_date", str(DUE_BEFORE_ISSUE))
    _clean_account(actor, data, clean, invoice, errors)
    errors.raise_if_any()
    return clean


def _clean_account(actor: Actor, data: dict, clean: dict, invoice: Invoice | None, errors: Errors) -> None:
    """``bank_account_id``: an account of the company in the invoice's currency (the one given,
    else the invoice's, else its customer's), or null for the default. A draft whose currency
    changes away from its chosen account's drops the choice (it then prints the new currency's
    default). Recurring invoices and quotes name no account: their shapes refuse the field."""
    if "currency" in errors or "customer_id" in errors:
        return
    own = getattr(invoice, "currency", None)
    currency = clean.get("currency") or own
    if currency is None and "customer" in clean:
        currency = invoice_currency(actor.company, clean["customer"])
    if "bank_account_id" in data:
        clean["bank_account"] = errors.capture(bank_accounts.for_invoice, actor, data["bank_account_id"], currency)
    elif getattr(invoice, "bank_account_pk", None) is not None and invoice.bank_account.currency != currency:
        clean["bank_account"] = None


def _apply(invoice: Invoice, clean: dict, items: list[dict] | None) -> None:
    documents.apply_heading(invoice, clean, ("issue_date", "due_date", *document_items.SUPPLY_FIELDS, "notes",
                                             "payment_terms", "online_payment"), "due_date", str(DUE_BEFORE_ISSUE))
    document_items.apply_pricing(invoice, clean, items, InvoiceItem)
    if "bank_account" in clean:
        invoice.bank_account = clean["bank_account"]
    settle(invoice)


KIND = documents.Kind(Invoice, numbering.INVOICE, "invoice_number", "due_date", DEFAULT_TERM_DAYS, _clean_fields, _apply,
                      INVOICE, effective_status, DRAFT_FIELDS, EDITABLE_ANY_TIME,
                      zero_fields=("amount_paid", "amount_refunded", "amount_credited"))


preview_totals = KIND.preview
create_invoice = KIND.create


def update_invoice(actor: Actor, invoice_id: str, data: dict) -> Invoice:
    """Any field of a draft; afterwards notes, payment terms, online payment and the status
    (:mod:`app.services.documents`)."""
    return documents.update(actor, get_invoice(actor, invoice_id, for_update=True), data, KIND, change_status)


clean_document_fields = _clean_fields  # the fields every priced document shares (recurring invoices too)
