"""The Pay button of the client's invoice page (DESIGN §16): whether the invoice can be paid
online, the Stripe Checkout Session that takes the payment (opened once per invoice and
amount, whatever the clicks), and the client's return from it.

The invoice's row is locked while a session is chosen or opened, so two clicks queue up:
the second finds the first's session and reuses it. The request that opens one carries an
Idempotency-Key built from the invoice, the amount due and the number of its sessions that
expired or failed, so a retry (ours, or the ``stripe`` package's) never opens two, and a
client whose bank debit failed gets a new session."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app import limits, money, sealed
from app.extensions import db
from app.i18n import _
from app.invoices.states import INVOICE
from app.models import CheckoutSession, Invoice
from app.models.base import utcnow
from app.online_payments import connection, gateway, recording
from app.services import tenancy
from app.services.errors import ProviderRefused
from app.services.tenancy import today_for

# Stripe expires a Checkout Session 24 hours after it opened (its default); one is reused only
# while the client still has an hour on it, and counts as expired after that.
SESSION_LIFETIME = timedelta(hours=24)
REUSE_MARGIN = timedelta(hours=1)
# A Checkout Session's id as Stripe writes it; anything else in a return link is not looked up.
SESSION_ID = re.compile(rf"cs_[A-Za-z0-9_]{{1,{limits.PROVIDER_ID - 3}}}")
# What settle_return says of the client's return.
RECEIVED, PROCESSING, OPEN = "received", "processing", "open"


def _key(invoice: Invoice) -> str:
    """The company's Stripe secret key; one sealed under another SECRET_KEY is as good as a
    refusal (the admin enters it again in Settings → Payments)."""
    try:
        return connection.secret_key(invoice.company)
    except sealed.Unreadable:
        raise ProviderRefused(_("The company's Stripe secret key cannot be read; enter it again.")) from None


def _sessions(invoice: Invoice):
    return tenancy.scoped(CheckoutSession, invoice.company).where(CheckoutSession.invoice_pk == invoice.pk)


def _stale_before():
    return utcnow() - (SESSION_LIFETIME - REUSE_MARGIN)


def pending(invoice: Invoice) -> CheckoutSession | None:
    """A session of the invoice that was completed and awaits its bank debit (e.g. SEPA):
    while one does, no other opens (the client would pay twice)."""
    return db.session.scalars(_sessions(invoice).where(
        CheckoutSession.status == "complete", CheckoutSession.payment_status == "unpaid")
        .order_by(CheckoutSession.created_at.desc())).first()


def can_pay(invoice: Invoice) -> bool:
    """Whether the client's page offers "Pay": the company is connected to Stripe, online
    payment is on for the invoice, its life cycle takes a payment (which needs something due)
    and no payment of it is being processed."""
    return (invoice.company.stripe_connected and invoice.online_payment and invoice.amount_due > 0
            and INVOICE.permits("record_payment", invoice, today_for(invoice.company))
            and pending(invoice) is None)


def asks_for(stored: CheckoutSession) -> bool:
    """Whether the session's invoice still asks online for the session's amount: it can be paid
    online (:func:`can_pay`), is not deleted, and owes exactly that amount in that currency."""
    invoice = stored.invoice
    return (invoice.deleted_at is None and invoice.currency == stored.currency and invoice.amount_due == stored.amount
            and can_pay(invoice))


def _locked(invoice: Invoice) -> Invoice:
    """The invoice's row, locked for the transaction and read again (a payment may have been
    recorded while this request waited)."""
    return db.session.scalars(select(Invoice).where(Invoice.pk == invoice.pk).with_for_update()
                              .execution_options(populate_existing=True)).one()


def _attempt(invoice: Invoice) -> int:
    """How many of the invoice's sessions expired (or are past their time) or had their debit fail."""
    gone = or_(CheckoutSession.status == "expired", CheckoutSession.payment_status == "failed",
               (CheckoutSession.status == "open") & (CheckoutSession.created_at < _stale_before()))
    return len(db.session.scalars(_sessions(invoice).where(gone)).all())


def _reusable(invoice: Invoice, minor: int) -> CheckoutSession | None:
    for stored in db.session.scalars(_sessions(invoice).where(
            CheckoutSession.status == "open", CheckoutSession.payment_status == "unpaid",
            CheckoutSession.created_at >= _stale_before(), CheckoutSession.currency == invoice.currency)
            .order_by(CheckoutSession.created_at.desc())):
        if money.to_minor_units(stored.amount, stored.currency) == minor:
            return stored
    return None


def _still_open(invoice: Invoice, stored: CheckoutSession) -> bool:
    """Whether Stripe still shows the stored session open; if not, what it shows is noted (and
    a payment recorded), so the next look at the invoice finds it expired, paid or pending."""
    session = gateway.session(_key(invoice), stored.stripe_id)
    if session.get("status") == "open" and session.get("url"):
        return True
    recording.record_session(invoice.company, session)
    if stored.status == "open":  # Stripe said nothing clear: never offer it again
        stored.status = "expired"
    return False


def session_params(invoice: Invoice, minor: int, page_url: str, success_url: str) -> dict:
    """What ``POST /v1/checkout/sessions`` is asked for (DESIGN §16)."""
    return {
        "mode": "payment",
        "line_items": [{"quantity": 1, "price_data": {
            "currency": invoice.currency.lower(), "unit_amount": minor,
            "product_data": {"name": f"Invoice {invoice.invoice_number}"}}}],
        "client_reference_id": invoice.id,
        "metadata": {"invoice_id": invoice.id, "company_id": invoice.company.id},
        "success_url": success_url,
        "cancel_url": page_url,
    }


def idempotency_key(invoice: Invoice, minor: int, attempt: int) -> str:
    return f"corebill-checkout-{invoice.id}-{minor}-{attempt}"


def _store(invoice: Invoice, session: dict, minor: int, attempt: int) -> None:
    """Keep the session, once: the same session answered twice (one idempotency key, two
    clicks that both reached Stripe) keeps its first row."""
    if recording.checkout_session(invoice.company, session["id"]) is not None:
        return
    row = CheckoutSession(company_pk=invoice.company_pk, invoice_pk=invoice.pk, stripe_id=session["id"],
                          url=session["url"], amount=money.from_minor_units(minor, invoice.currency),
                          currency=invoice.currency, attempt=attempt, status=session.get("status") or "open",
                          payment_status=session.get("payment_status") or "unpaid")
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        pass  # the other click stored it


def open_checkout(invoice: Invoice, page_url: str, success_url: str) -> str | None:
    """The page of the Checkout Session that takes the amount due: a stored one still open for
    that amount, else a new one. None when nothing can be paid online (paid meanwhile, online
    payment off, not connected, a payment being processed); what Stripe said of a stored
    session meanwhile (paid, expired) is kept, so commit either way. ProviderRefused when
    Stripe refuses or cannot be reached (roll back: nothing new is stored)."""
    invoice = _locked(invoice)
    while True:
        if not can_pay(invoice):
            return None
        minor = money.to_minor_units(invoice.amount_due, invoice.currency)
        reused = _reusable(invoice, minor)
        if reused is None:
            break
        if _still_open(invoice, reused):
            return reused.url
    attempt = _attempt(invoice)
    session = gateway.open_session(_key(invoice),
                                   session_params(invoice, minor, page_url, success_url),
                                   idempotency_key(invoice, minor, attempt))
    if not session.get("id") or not session.get("url"):
        raise ProviderRefused(_("Stripe answered without a Checkout Session page."))
    _store(invoice, session, minor, attempt)
    return session["url"]


def settle_return(invoice: Invoice, session_id: object) -> str | None:
    """The client is back from Checkout with ``session_id``: ask Stripe how it stands and record
    its payment once (the webhook may have done so, or may race this). Returns "received" (a
    payment is recorded), "processing" (complete, awaiting a bank debit) or "open"; None when
    the id names no session of this invoice (nothing is asked of Stripe)."""
    if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
        return None
    stored = recording.checkout_session(invoice.company, session_id)
    if stored is None or stored.invoice_pk != invoice.pk or stored.payment_status == "failed":
        return None
    session = gateway.session(_key(invoice), stored.stripe_id)
    payment, _new = recording.record_session(invoice.company, session)
    if payment is not None:
        return RECEIVED
    return PROCESSING if session.get("status") == "complete" else OPEN
