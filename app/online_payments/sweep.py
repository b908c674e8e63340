"""Online payment without webhooks (DESIGN §16): the §13 tick looks at every Checkout Session
opened in the last ``WINDOW`` that is not settled yet, asks Stripe where it stands, and

- records it when it is paid (:func:`app.online_payments.recording.record_session`, the same
  recording as the webhook's and the success return's, so whoever comes first records it);
- notes it settled when it expired or its bank debit failed;
- expires it at Stripe when it is still open but its invoice no longer asks for that amount
  (the amount due changed, it was paid by other means, cancelled or deleted, or online payment
  was switched off for it), so the client cannot pay a stale amount.

Stripe is called with no transaction open; each item's writes are one transaction. Every item
is idempotent: two ticks (or two workers) looking at one paid session record one payment."""
from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import sealed
from app.extensions import db
from app.models import CheckoutSession, Company
from app.models.base import utcnow
from app.online_payments import checkout, connection, gateway, recording
from app.services import tenancy, transaction
from app.services.errors import NotFound, ProviderRefused, ValidationError

log = logging.getLogger(__name__)
WINDOW = timedelta(hours=24)


class Swept(NamedTuple):
    """What one look at a session did: a word the tick counts, and a line to print (or "")."""
    outcome: str  # recorded, already recorded, expired, processing, open, nothing, failed
    detail: str = ""


def find_work(today: date | None = None) -> list[int]:
    """The pks of the Checkout Sessions of connected companies opened in the last ``WINDOW``
    and not settled (``today`` changes nothing: the window is counted back from now)."""
    with transaction():
        return list(db.session.scalars(
            select(CheckoutSession.pk)
            .where(CheckoutSession.settled_at.is_(None), CheckoutSession.created_at >= utcnow() - WINDOW,
                   tenancy.of_companies(CheckoutSession, Company.stripe_secret_key_sealed.is_not(None)))
            .order_by(CheckoutSession.pk)))


def _stored(pk: int) -> CheckoutSession | None:
    return db.session.scalars(select(CheckoutSession).where(CheckoutSession.pk == pk)).first()


def sweep(pk: int, today: date | None = None) -> Swept:
    """Look at one stored Checkout Session (by pk) once; see the module's docstring."""
    with transaction():
        stored = _stored(pk)
        if stored is None or stored.settled_at is not None:
            return Swept("nothing")
        company_id, stripe_id, label = stored.company.id, stored.stripe_id, stored.invoice.invoice_number
        try:
            secret_key = connection.secret_key(stored.company)
        except sealed.Unreadable:
            return Swept("failed", f"{label}: session {stripe_id} not checked (the Stripe key cannot be read)")
    if secret_key is None:  # disconnected since the tick found it
        return Swept("nothing")
    try:
        session = gateway.session(secret_key, stripe_id)
    except ProviderRefused as error:
        return Swept("failed", f"{label}: session {stripe_id} not checked ({error.message})")
    if session.get("payment_status") == "paid" or session.get("status") != "open":
        return _record(company_id, session, label)
    with transaction():
        stored = _stored(pk)
        if stored is None or stored.settled_at is not None or checkout.asks_for(stored):
            return Swept("open")
    try:
        session = gateway.expire_session(secret_key, stripe_id)
    except ProviderRefused as error:  # e.g. paid a moment ago: the next tick records it
        return Swept("failed", f"{label}: session {stripe_id} not expired ({error.message})")
    _record(company_id, session, label)
    return Swept("expired", f"{label}: session {stripe_id} expired at Stripe (the invoice no longer asks "
                            "for its amount)")


def _record(company_id: str, session: dict, label: str) -> Swept:
    """Record (or note) what Stripe says of the session, in one transaction."""
    try:
        with transaction():
            company = db.session.scalars(select(Company).where(Company.id == company_id)).one()
            payment, new = recording.record_session(company, session)
    except IntegrityError:  # recorded at this moment by the webhook or another worker
        return Swept("already recorded")
    except (NotFound, ValidationError) as error:
        # Paid at Stripe, but not recordable here (its invoice was deleted, another currency…):
        # it is noted settled so that the tick stops asking; the owner sees it in Stripe.
        log.warning("checkout session %s of %s paid but not recorded: %s", session.get("id"), company_id,
                    error.message)
        with transaction():
            company = db.session.scalars(select(Company).where(Company.id == company_id)).one()
            recording.note_session(company, session)
        return Swept("failed", f"{label}: session {session.get('id')} was paid at Stripe but not recorded "
                               f"({error.message})")
    if payment is not None:
        if new:
            return Swept("recorded", f"{label}: payment {payment.id} recorded from session {session.get('id')}")
        return Swept("already recorded")
    status = session.get("status")
    return Swept({"expired": "expired", "complete": "processing"}.get(status, "open"))
