"""Template helpers of the dashboard: the actions an invoice offers the member looking at
it, and activity entries in plain words."""
from decimal import Decimal, InvalidOperation

from flask import Flask, url_for

from app import document_types
from app.invoices.states import actions_for
from app.presentation import fmt_money
from app.quotes.states import actions_for as quote_actions_for
from app.services.reminders import step_label

ACTIONS = {
    "invoice.created": "Invoice created", "invoice.updated": "Invoice edited", "invoice.sent": "Sent",
    "invoice.reminder_sent": "Reminder sent", "invoice.viewed": "Opened by the customer",
    "invoice.payment_recorded": "Payment recorded", "invoice.cancelled": "Cancelled",
    "invoice.refunded": "Refunded", "invoice.deleted": "Deleted", "invoice.overdue": "Became overdue",
    "invoice.status_changed": "Status changed", "customer.created": "Customer added",
    "customer.updated": "Customer edited", "customer.deleted": "Customer deleted",
    "invoice.reminder_skipped": "Reminder skipped", "invoice.reminders_stopped": "Automatic reminders stopped",
    "invoice.reminders_resumed": "Automatic reminders resumed",
    "invoice.converted_from_quote": "Created from quote", "quote.created": "Quote created",
    "quote.updated": "Quote edited", "quote.sent": "Sent", "quote.resent": "Sent again",
    "quote.viewed": "Opened by the client", "quote.accepted": "Accepted", "quote.declined": "Declined",
    "quote.cancelled": "Cancelled", "quote.converted": "Converted into invoice", "quote.deleted": "Deleted",
    "invoice.credit_note_issued": "Credit note issued", "invoice.credit_note_sent": "Credit note sent",
    "company.stripe_connected": "Stripe connection saved", "company.stripe_disconnected": "Stripe disconnected",
}


def _amount(value, currency: str | None, locale: str) -> str:
    try:
        return fmt_money(Decimal(str(value)), currency, locale) if currency else str(value)
    except (InvalidOperation, ValueError):
        return str(value)


def activity_label(entry, currency: str | None = None, locale: str = "en_US") -> str:
    label = ACTIONS.get(entry.action, entry.action.replace(".", " ").replace("_", " ").capitalize())
    details = entry.details or {}
    if entry.action in ("invoice.payment_recorded", "invoice.refunded") and "amount" in details:
        label += f": {_amount(details['amount'], currency, locale)}"
        label += " via Stripe" if details.get("via") == "stripe" else ""
    elif entry.action == "invoice.credit_note_issued" and "number" in details:
        label += f" {details['number']} ({details.get('type')}): {_amount(details.get('amount'), currency, locale)}"
    elif entry.action == "invoice.credit_note_sent" and "number" in details:
        label += f" {details['number']} to {details.get('to')}"
    elif entry.action in ("invoice.sent", "invoice.reminder_sent", "quote.sent", "quote.resent") and details.get("to"):
        label += f" to {details['to']}"
    if entry.action in ("invoice.reminder_sent", "invoice.reminder_skipped") and "step" in details:
        label += f" ({step_label(details['step'])}"
        label += f"; the step {step_label(details['instead'])} was due)" if "instead" in details else ")"
    elif entry.action == "invoice.status_changed":
        label += f" from {details.get('from')} to {details.get('to')}"
    elif entry.action == "quote.accepted" and details.get("name"):
        label += f" by {details['name']}" + (f" (IP address {details['ip']})" if details.get("ip") else "")
    elif entry.action == "quote.declined" and (details.get("reason") or details.get("ip")):
        label += f": {details['reason']}" if details.get("reason") else ""
        label += f" (IP address {details['ip']})" if details.get("ip") else ""
    elif entry.action in ("invoice.created", "quote.created", "quote.converted",
                          "invoice.converted_from_quote") and details.get("number"):
        label += f" ({details['number']})"
    return label


SHORT_FORMAT = {"facturx": "Factur-X", "xrechnung": "XRechnung", "ubl": "UBL"}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def einvoice_note(readiness, noun: str = "invoice", can_send: bool = False, pdf_carries_xml: bool = False) -> dict:
    """What the e-invoice card says under its formats, per format: ``intro`` (None: no list
    of gaps), ``gaps`` (each gap's message and, when it concerns only some formats, which),
    ``footer``, and ``notes`` (what every format can do without, such as a bank account). Each gap
    names its field. An invoice lists its gaps while it can be sent; a credit note always."""
    formats = list(readiness.gaps)
    advice = [{"field": gap.field, "message": gap.message} for gap in getattr(readiness, "notes", ())]
    ready = [SHORT_FORMAT[f] for f in formats if readiness.ready(f)]
    lacking = [f for f in formats if not readiness.ready(f)]
    advise = bool(lacking) and (noun != "invoice" or can_send)
    note = {"intro": None, "gaps": [], "footer": None, "notes": advice}
    if not advise:
        if noun == "invoice" and can_send:
            note["footer"] = "Ready for every format" + ("; its PDF is a Factur-X PDF." if pdf_carries_xml else ".")
        return note
    if noun != "invoice":
        note["intro"] = f"The {noun} shows the seller and the buyer of its invoice as it was sent, which lacks:"
    else:
        pdf = " (its PDF then carries the Factur-X XML)" if pdf_carries_xml and "facturx" in lacking else ""
        if ready:
            note["intro"] = (f"Ready for {_listed(ready)}. For {_listed([SHORT_FORMAT[f] for f in lacking])} too, "
                             f"complete {'this' if len(readiness.all_gaps) == 1 else 'these'} before sending{pdf}:")
        else:
            note["intro"] = f"Before sending, complete these so the invoice can go out as an e-invoice{pdf}:"
    note["gaps"] = [{"field": gap.field, "message": gap.message,
                     "only": (_listed([SHORT_FORMAT[f] for f in gap.formats]) + " only")
                     if set(gap.formats) != set(formats) else None} for gap in readiness.all_gaps]
    return note


# The page an activity line links to, by its subject: a customer's, or a document type's
# (its descriptor's activity page, app/document_types.py).
SUBJECT_PAGES = {"customer": ("customers.show", "customer_id")}
MONEY_MOVES = {"invoice.payment_recorded": "Payment", "invoice.refunded": "Refund"}


def subject_page(subject_type: str) -> tuple[str, str] | None:
    """(endpoint, id argument) of the page of an activity's subject; None: it links nowhere."""
    if subject_type in SUBJECT_PAGES:
        return SUBJECT_PAGES[subject_type]
    found = next((found for found in document_types.all_types() if found.kind == subject_type), None)
    return found.dashboard.activity_page if found is not None else None


def recent_line(recent, locale: str = "en_US") -> dict:
    """An overview's activity line (:class:`app.services.reports.Recent`) naming its object
    ("Payment of $100.00 recorded on INV-2026-000004", "Acme Corp · Customer added"), and the
    object's page (None once it is deleted)."""
    entry, name = recent.entry, recent.number
    details = entry.details or {}
    label = activity_label(entry, recent.currency, locale)
    if entry.action in MONEY_MOVES and "amount" in details and name:
        text = f"{MONEY_MOVES[entry.action]} of {_amount(details['amount'], recent.currency, locale)} recorded on {name}"
    elif name and name not in label:
        text = f"{name} · {label}"
    else:
        text = label
    page = subject_page(entry.subject_type)
    url = None if page is None or recent.deleted or entry.action.endswith(".deleted") else \
        url_for(page[0], **{page[1]: entry.subject_id})
    return {"text": text, "url": url}


def activity_actor(entry) -> str:
    if entry.actor_type == "user" and entry.user is not None:
        return entry.user.name or entry.user.email
    if entry.actor_type == "api_key":
        return f"API key {entry.api_key.name}" if entry.api_key is not None else "API key"
    if entry.actor_type == "public":
        return "customer, via the public link"
    return "Corebill"


def init_presenters(app: Flask) -> None:
    app.jinja_env.globals.update(invoice_actions=actions_for, quote_actions=quote_actions_for,
                                 activity_label=activity_label, einvoice_note=einvoice_note, recent_line=recent_line,
                                 activity_actor=activity_actor, document_types=document_types.all_types)
