"""A quote's life cycle (DESIGN §12): send, the client's first view, accept and decline (by
the client on the public page, or recorded by a member for a decision that came by other
means), cancel, convert into a draft invoice, delete. Each action locks the quote row, asks
the table of :mod:`app.quotes.states`, writes one activity, and flushes; the door
commits."""
from __future__ import annotations

from app import limits
from app.extensions import db
from app.i18n import _, document_language
from app.invoices import service as invoices
from app.invoices.states import settle
from app.models import Invoice, InvoiceItem, Quote
from app.models.base import utcnow
from app.quotes.states import QUOTE, require
from app.services import document_items, documents, inputs, tenancy
from app.services.activity import record
from app.services.errors import InvalidTransition
from app.services.tenancy import Actor


def _locked(actor: Actor, quote_id: str) -> Quote:
    return tenancy.get(Quote, actor.company, quote_id, for_update=True)


def send_quote(actor: Actor, quote_id: str, deliver) -> Quote:
    """Mail the quote (PDF and public link) to its customer; a sent quote is sent again.
    ``deliver(quote, again)`` raises DeliveryFailed when the server refuses, and then nothing
    changes (the door rolls back)."""
    quote = _locked(actor, quote_id)
    again = quote.status != "draft"
    rule = require(actor, quote, "resend" if again else "send")
    documents.check_sendable(quote, "quote")
    if not again:
        quote.status = rule.result
        quote.sent_at = utcnow()
        quote.language = document_language(quote)  # it keeps the language it was sent in (DESIGN §17)
    deliver(quote, again)
    record(actor, quote, "quote.resent" if again else "quote.sent", to=quote.customer.contact_email)
    db.session.flush()
    return quote


def record_public_view(quote: Quote) -> Quote:
    """A visitor opened the public link: the first view of a sent quote makes it viewed."""
    if QUOTE.record_view(quote):
        record(Actor.public(quote.company), quote, "quote.viewed")
        db.session.flush()
    return quote


def _accept(actor: Actor, quote: Quote, action: str, name: object, **details) -> Quote:
    rule = require(actor, quote, action)
    accepted_by = inputs.text(name, "accepted_by", max_length=limits.ACCEPTED_BY, required=True)
    quote.status = rule.result
    quote.accepted_at = utcnow()
    quote.accepted_by = accepted_by
    record(actor, quote, "quote.accepted", name=accepted_by, **details)
    db.session.flush()
    return quote


def _decline(actor: Actor, quote: Quote, action: str, reason: object, **details) -> Quote:
    rule = require(actor, quote, action)
    quote.decline_reason = inputs.text(reason, "reason", max_length=limits.DECLINE_REASON, multiline=True)
    quote.status = rule.result
    quote.declined_at = utcnow()
    record(actor, quote, "quote.declined", reason=quote.decline_reason, **details)
    db.session.flush()
    return quote


def accept_quote(actor: Actor, quote_id: str, data: dict) -> Quote:
    """A member records an acceptance that came by other means (mail, phone, signed paper)."""
    return _accept(actor, _locked(actor, quote_id), "accept", data.get("accepted_by"))


def decline_quote(actor: Actor, quote_id: str, data: dict) -> Quote:
    return _decline(actor, _locked(actor, quote_id), "decline", data.get("reason"))


def client_decides(quote: Quote, decision: str, *, name: object = None, reason: object = None,
                   ip: str | None = None) -> Quote:
    """The client's decision on the public page, recorded with their typed name (accept) or
    optional reason (decline), the time and their IP address. Refused once expired or decided."""
    actor = Actor.public(quote.company)
    locked = tenancy.get(Quote, quote.company, quote.id, for_update=True)
    if decision == "accept":
        return _accept(actor, locked, "client_accept", name, ip=ip)
    return _decline(actor, locked, "client_decline", reason, ip=ip)


def cancel_quote(actor: Actor, quote_id: str) -> Quote:
    quote = _locked(actor, quote_id)
    rule = require(actor, quote, "cancel")
    quote.status = rule.result
    quote.cancelled_at = utcnow()
    record(actor, quote, "quote.cancelled")
    db.session.flush()
    return quote


def convert_quote(actor: Actor, quote_id: str) -> Invoice:
    """A draft invoice with the quote's customer, currency, items (their tax rate copies
    included), taxes, discount and notes, linked both ways; the quote becomes invoiced. The
    quote's row lock makes a concurrent second conversion wait, then find it invoiced (and
    ``invoices.quote_pk`` is unique besides)."""
    quote = _locked(actor, quote_id)
    if quote.invoice is not None:
        invoice = quote.invoice
        raise InvalidTransition(_("Quote %(number)s was already converted into invoice %(invoice)s (%(id)s).",
                                  number=quote.number, invoice=invoice.invoice_number, id=invoice.id),
                                status=quote.status, param="invoice_id")
    rule = require(actor, quote, "convert")
    if quote.customer.deleted_at is not None:  # the invoice would need a customer that is gone
        raise InvalidTransition(_("The quote's customer %(name)s was deleted, so this quote cannot be converted: "
                                  "an invoice needs a customer of the company.", name=quote.customer.name),
                                status=quote.status)
    rows = document_items.rows_of(quote)
    invoice = invoices.create_invoice(actor, {
        "customer_id": quote.customer.id, **document_items.copied_fields(quote, "notes"),
        "items": [{key: value for key, value in row.items() if key != "tax_rates"} for row in rows]})
    document_items.apply_items(invoice, rows, InvoiceItem)  # the rate copies too
    settle(invoice)
    invoice.quote = quote
    quote.status = rule.result
    record(actor, quote, "quote.converted", invoice=invoice.id, number=invoice.invoice_number)
    record(actor, invoice, "invoice.converted_from_quote", quote=quote.id, number=quote.number)
    db.session.flush()
    return invoice


def delete_quote(actor: Actor, quote_id: str) -> Quote:
    return documents.delete(actor, _locked(actor, quote_id), require, "quote")
