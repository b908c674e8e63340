"""What Stripe says was paid, recorded exactly once (DESIGN §16), whoever reports it first: the
webhook, the client's return to the invoice page, or the tick.

The invoice's row is locked before anything is read, so two reports of one payment queue up
and the second finds the first's payment; payments are unique per (company, provider,
provider transaction) and handled events per (company, event id) in the database as well.
An online payment is a fact, not a request: it is recorded whatever the invoice's status,
and what it pays beyond the amount due shows as the invoice's ``amount_overpaid``."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from app import money
from app.extensions import db
from app.i18n import _
from app.invoices.states import PAYABLE, settle, status_after_payment
from app.models import CheckoutSession, Company, Invoice, Payment, StripeEvent
from app.models.base import utcnow
from app.services import tenancy
from app.services.activity import record
from app.services.errors import ValidationError
from app.services.tenancy import Actor, today_for

PROVIDER = "stripe"
# The events the webhook handles; every other type is acknowledged and ignored.
COMPLETED, SUCCEEDED, FAILED = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
                                "checkout.session.async_payment_failed")
EVENTS = (COMPLETED, SUCCEEDED, FAILED)


def _intent_of(session: dict) -> str | None:
    intent = session.get("payment_intent")
    return intent.get("id") if isinstance(intent, dict) else intent


def _invoice_of(company: Company, session: dict) -> Invoice:
    """The invoice the session pays, locked; a session of another company, or naming no invoice
    of this one, is refused (a 400 at the webhook: it changes nothing)."""
    metadata = session.get("metadata") or {}
    if metadata.get("company_id") != company.id:
        raise ValidationError(_("This Checkout Session was not opened by this company."), param="company_id")
    invoice_id = metadata.get("invoice_id") or session.get("client_reference_id")
    return tenancy.get(Invoice, company, invoice_id, for_update=True)


def checkout_session(company: Company, stripe_id: str | None) -> CheckoutSession | None:
    if not stripe_id:
        return None
    return db.session.scalars(tenancy.scoped(CheckoutSession, company)
                              .where(CheckoutSession.stripe_id == stripe_id)).first()


def note_session(company: Company, session: dict, *, failed: bool = False) -> CheckoutSession | None:
    """Bring the stored copy of the session up to what Stripe said; a paid, expired or failed
    one needs no more looks from the tick."""
    stored = checkout_session(company, session.get("id"))
    if stored is None:
        return None
    stored.status = session.get("status") or stored.status
    said = session.get("payment_status") or stored.payment_status
    # Stripe keeps saying "unpaid" of a session whose bank debit failed: the failure stays noted.
    stored.payment_status = "failed" if failed or (stored.payment_status == "failed" and said != "paid") else said
    if stored.settled_at is None and (failed or stored.status == "expired" or stored.payment_status == "paid"):
        stored.settled_at = utcnow()
    return stored


def record_session(company: Company, session: dict) -> tuple[Payment | None, bool]:
    """Record the payment of a Checkout Session (Stripe's object) if it is paid: returns the
    payment (None while unpaid, e.g. a pending bank debit) and whether this call recorded it."""
    if session.get("payment_status") != "paid":
        note_session(company, session)
        return None, False
    invoice = _invoice_of(company, session)
    intent = _intent_of(session) or session.get("id")
    found = db.session.scalars(tenancy.scoped(Payment, company).where(
        Payment.provider == PROVIDER, Payment.provider_payment_id == intent)).first()
    note_session(company, session)
    if found is not None:
        return found, False
    currency = str(session.get("currency") or "").upper()
    if currency != invoice.currency:
        raise ValidationError(_("The session was paid in %(paid)s, the invoice is in %(currency)s.", paid=currency,
                                currency=invoice.currency) if currency else
                              _("The session was paid in no currency, the invoice is in %(currency)s.",
                                currency=invoice.currency), param="currency")
    amount = money.from_minor_units(session.get("amount_total") or 0, currency)
    payment = Payment.of(invoice, amount=amount, paid_at=today_for(company), payment_method=PROVIDER,
                         transaction_id=intent, provider=PROVIDER, provider_payment_id=intent)
    db.session.add(payment)
    _apply(invoice, amount)
    db.session.flush()
    record(Actor.system(company), invoice, "invoice.payment_recorded", payment=payment.id,
           amount=money.plain(amount), status=invoice.status, via=PROVIDER)
    return payment, True


def _apply(invoice: Invoice, amount: Decimal) -> None:
    """The payment's effect on the invoice: an awaited invoice becomes partial or paid; a paid,
    cancelled or refunded one keeps its status, and shows what is overpaid."""
    invoice.amount_paid += amount
    settle(invoice)
    if invoice.status in PAYABLE:
        invoice.status = status_after_payment(invoice.amount_due)
        if invoice.status == "paid":
            invoice.paid_at = utcnow()


def remember_event(company: Company, event_id: str, event_type: str) -> bool:
    """Note that the event was handled; False when it already was (a redelivery, a replay, or
    the same event arriving at once on another connection, which waits for the first)."""
    try:
        with db.session.begin_nested():
            db.session.add(StripeEvent(company_pk=company.pk, event_id=event_id, type=event_type))
    except IntegrityError:
        return False
    return True


def handle_event(company: Company, event: dict) -> str:
    """One verified event of the company's Stripe account; says what it did (for the log and
    the webhook's answer): ignored, duplicate, recorded, already recorded, processing, failed."""
    event_type = event.get("type")
    if event_type not in EVENTS:
        return "ignored"
    if not remember_event(company, str(event.get("id")), event_type):
        return "duplicate"
    session = (event.get("data") or {}).get("object") or {}
    if event_type == FAILED:
        note_session(company, session, failed=True)
        return "failed"
    payment, new = record_session(company, session)
    if payment is None:
        return "processing"
    return "recorded" if new else "already recorded"
