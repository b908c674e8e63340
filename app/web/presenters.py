"""Template helpers of the dashboard: the actions an invoice offers the member looking at
it, and activity entries in plain words."""
from decimal import Decimal, InvalidOperation

from flask import Flask, url_for

from app import document_types
from app.i18n import _, _l, ngettext
from app.i18n import noun as i18n_noun
from app.invoices.states import actions_for
from app.presentation import fmt_money
from app.quotes.states import actions_for as quote_actions_for
from app.services.reminders import step_label

ACTIONS = {
    "invoice.created": _l("Invoice created"), "invoice.updated": _l("Invoice edited"), "invoice.sent": _l("Sent"),
    "invoice.reminder_sent": _l("Reminder sent"), "invoice.viewed": _l("Opened by the customer"),
    "invoice.payment_recorded": _l("Payment recorded"), "invoice.cancelled": _l("Cancelled"),
    "invoice.refunded": _l("Refunded"), "invoice.deleted": _l("Deleted"), "invoice.overdue": _l("Became overdue"),
    "invoice.status_changed": _l("Status changed"), "customer.created": _l("Customer added"),
    "customer.updated": _l("Customer edited"), "customer.deleted": _l("Customer deleted"),
    "invoice.reminder_skipped": _l("Reminder skipped"), "invoice.reminders_stopped": _l("Automatic reminders stopped"),
    "invoice.reminders_resumed": _l("Automatic reminders resumed"),
    "invoice.converted_from_quote": _l("Created from quote"), "quote.created": _l("Quote created"),
    "quote.updated": _l("Quote edited"), "quote.sent": _l("Sent"), "quote.resent": _l("Sent again"),
    "quote.viewed": _l("Opened by the client"), "quote.accepted": _l("Accepted"), "quote.declined": _l("Declined"),
    "quote.cancelled": _l("Cancelled"), "quote.converted": _l("Converted into invoice"), "quote.deleted": _l("Deleted"),
    "invoice.credit_note_issued": _l("Credit note issued"), "invoice.credit_note_sent": _l("Credit note sent"),
    "company.stripe_connected": _l("Stripe connection saved"), "company.stripe_disconnected": _l("Stripe disconnected"),
}


def _amount(value, currency: str | None, locale: str) -> str:
    try:
        return fmt_money(Decimal(str(value)), currency, locale) if currency else str(value)
    except (InvalidOperation, ValueError):
        return str(value)


def activity_label(entry, currency: str | None = None, locale: str = "en_US") -> str:
    label = str(ACTIONS.get(entry.action, entry.action.replace(".", " ").replace("_", " ").capitalize()))
    details = entry.details or {}
    if entry.action in ("invoice.payment_recorded", "invoice.refunded") and "amount" in details:
        amount = _amount(details["amount"], currency, locale)
        label = (_("%(action)s: %(amount)s via Stripe", action=label, amount=amount) if details.get("via") == "stripe"
                 else _("%(action)s: %(amount)s", action=label, amount=amount))
    elif entry.action == "invoice.credit_note_issued" and "number" in details:
        label = _("%(action)s %(number)s (%(type)s): %(amount)s", action=label, number=details["number"],
                  type=details.get("type"), amount=_amount(details.get("amount"), currency, locale))
    elif entry.action == "invoice.credit_note_sent" and "number" in details:
        label = _("%(action)s %(number)s to %(to)s", action=label, number=details["number"], to=details.get("to"))
    elif entry.action in ("invoice.sent", "invoice.reminder_sent", "quote.sent", "quote.resent") and details.get("to"):
        label = _("%(action)s to %(to)s", action=label, to=details["to"])
    if entry.action in ("invoice.reminder_sent", "invoice.reminder_skipped") and "step" in details:
        if "instead" in details:
            label = _("%(action)s (%(step)s; the step %(instead)s was due)", action=label,
                      step=step_label(details["step"]), instead=step_label(details["instead"]))
        else:
            label = _("%(action)s (%(step)s)", action=label, step=step_label(details["step"]))
    elif entry.action == "invoice.status_changed":
        label = _("%(action)s from %(old)s to %(new)s", action=label, old=details.get("from"), new=details.get("to"))
    elif entry.action == "quote.accepted" and details.get("name"):
        label = (_("%(action)s by %(name)s (IP address %(ip)s)", action=label, name=details["name"], ip=details["ip"])
                 if details.get("ip") else _("%(action)s by %(name)s", action=label, name=details["name"]))
    elif entry.action == "quote.declined" and (details.get("reason") or details.get("ip")):
        reason, ip = details.get("reason"), details.get("ip")
        if reason and ip:
            label = _("%(action)s: %(reason)s (IP address %(ip)s)", action=label, reason=reason, ip=ip)
        elif reason:
            label = _("%(action)s: %(reason)s", action=label, reason=reason)
        else:
            label = _("%(action)s (IP address %(ip)s)", action=label, ip=ip)
    elif entry.action in ("invoice.created", "quote.created", "quote.converted",
                          "invoice.converted_from_quote") and details.get("number"):
        label = _("%(action)s (%(number)s)", action=label, number=details["number"])
    return label


SHORT_FORMAT = {"facturx": "Factur-X", "xrechnung": "XRechnung", "ubl": "UBL"}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else _("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


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
            note["footer"] = (_("Ready for every format; its PDF is a Factur-X PDF.") if pdf_carries_xml
                              else _("Ready for every format."))
        return note
    if noun != "invoice":
        note["intro"] = _("The %(document)s shows the seller and the buyer of its invoice as it was sent, which lacks:",
                          document=i18n_noun(noun))
    else:
        pdf = pdf_carries_xml and "facturx" in lacking
        if ready:
            formats_ready, formats_lacking = _listed(ready), _listed([SHORT_FORMAT[f] for f in lacking])
            gaps = len(readiness.all_gaps)
            if pdf:
                note["intro"] = ngettext(
                    "Ready for %(ready)s. For %(lacking)s too, complete this before sending (its PDF then carries "
                    "the Factur-X XML):",
                    "Ready for %(ready)s. For %(lacking)s too, complete these before sending (its PDF then carries "
                    "the Factur-X XML):", gaps, ready=formats_ready, lacking=formats_lacking)
            else:
                note["intro"] = ngettext("Ready for %(ready)s. For %(lacking)s too, complete this before sending:",
                                         "Ready for %(ready)s. For %(lacking)s too, complete these before sending:",
                                         gaps, ready=formats_ready, lacking=formats_lacking)
        elif pdf:
            note["intro"] = _("Before sending, complete these so the invoice can go out as an e-invoice (its PDF then "
                              "carries the Factur-X XML):")
        else:
            note["intro"] = _("Before sending, complete these so the invoice can go out as an e-invoice:")
    note["gaps"] = [{"field": gap.field, "message": gap.message,
                     "only": _("%(formats)s only", formats=_listed([SHORT_FORMAT[f] for f in gap.formats]))
                     if set(gap.formats) != set(formats) else None} for gap in readiness.all_gaps]
    return note


# The page an activity line links to, by its subject: a customer's, or a document type's
# (its descriptor's activity page, app/document_types.py).
SUBJECT_PAGES = {"customer": ("customers.show", "customer_id")}
MONEY_MOVES = {"invoice.payment_recorded": _l("Payment of %(amount)s recorded on %(name)s"),
               "invoice.refunded": _l("Refund of %(amount)s recorded on %(name)s")}


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
        text = MONEY_MOVES[entry.action] % {"amount": _amount(details["amount"], recent.currency, locale), "name": name}
    elif name and name not in label:
        text = _("%(name)s · %(label)s", name=name, label=label)
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
        return _("API key %(name)s", name=entry.api_key.name) if entry.api_key is not None else _("API key")
    if entry.actor_type == "public":
        return _("customer, via the public link")
    return "Corebill"


def init_presenters(app: Flask) -> None:
    app.jinja_env.globals.update(invoice_actions=actions_for, quote_actions=quote_actions_for,
                                 activity_label=activity_label, einvoice_note=einvoice_note, recent_line=recent_line,
                                 activity_actor=activity_actor, document_types=document_types.all_types)
