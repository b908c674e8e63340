"""Template helpers of the dashboard: the actions an invoice offers the member looking at
it, and activity entries in plain words."""
from decimal import Decimal, InvalidOperation

from flask import Flask

from app.presentation import fmt_money
from app.services.invoice_states import actions_for
from app.services.quote_states import actions_for as quote_actions_for
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
                                 activity_label=activity_label,
                                 activity_actor=activity_actor)
