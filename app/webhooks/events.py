"""What changed, noted while a service works (DESIGN §18): ``emit`` keeps the event's type and
its object on the session; ``app.webhooks.payloads`` writes them when the transaction commits,
with each object as it then stands. A rollback forgets what was noted inside it.

Most events follow from an activity entry (``from_activity``, called by
``app.services.activity.record``): the same change, in the API's words."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import CreditNote, Payment, Refund
from app.services import tenancy

PENDING = "corebill.pending_events"
COMMITTED = "corebill.new_deliveries"
DISPATCH = "corebill.webhooks_dispatch"


@dataclass(frozen=True)
class Pending:
    company_pk: int
    type: str
    model: type
    pk: int
    transaction: object  # the savepoint (or transaction) it was noted in


def emit(company_pk: int, event_type: str, subject) -> None:
    """Note that ``event_type`` happened to ``subject`` (an object of the company ``company_pk``)."""
    if subject.pk is None:
        db.session.flush()
    note(company_pk, event_type, type(subject), subject.pk)


def note(company_pk: int, event_type: str, model: type, pk: int) -> None:
    """The same for the row ``pk`` of ``model``, which may not be loaded (rows inserted in bulk)."""
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(PENDING, []).append(Pending(company_pk, event_type, model, pk, transaction))


def _by_id(model, company, public_id):
    return tenancy.get(model, company, public_id)


def _invoice_payment(actor, invoice, details) -> list[tuple[str, object]]:
    paid = {"paid": "invoice.paid", "partial": "invoice.partially_paid"}.get(details.get("status"))
    return [("payment.created", _by_id(Payment, actor.company, details["payment"])),
            *([(paid, invoice)] if paid else [])]


# An activity's action → the events it means, as (type, object) pairs.
FROM_ACTIVITY = {
    **{f"customer.{verb}": (lambda actor, subject, details, verb=verb: [(f"customer.{verb}", subject)])
       for verb in ("created", "updated", "deleted")},
    **{f"invoice.{verb}": (lambda actor, subject, details, verb=verb: [(f"invoice.{verb}", subject)])
       for verb in ("created", "updated", "sent", "overdue", "cancelled", "deleted")},
    # A quote's conversion creates its invoice with invoices.create_invoice, whose own
    # "invoice.created" entry is the event; its "invoice.converted_from_quote" entry means none.
    "invoice.status_changed": lambda actor, subject, details: [("invoice.updated", subject)],
    # Every view writes an activity; only the first (sent → viewed) is an event.
    "invoice.viewed": lambda actor, subject, details: [("invoice.viewed", subject)] if details.get("first") else [],
    "invoice.payment_recorded": _invoice_payment,
    "invoice.refunded": lambda actor, subject, details: [
        ("refund.created", _by_id(Refund, actor.company, details["refund"])), ("invoice.refunded", subject)],
    "invoice.credit_note_issued": lambda actor, subject, details: [
        ("credit_note.created", _by_id(CreditNote, actor.company, details["credit_note"]))],
    **{f"quote.{verb}": (lambda actor, subject, details, verb=verb: [(f"quote.{verb}", subject)])
       for verb in ("created", "sent", "accepted", "declined", "converted", "cancelled")},
}


def from_activity(actor, subject, action: str, details: dict) -> None:
    """The events an activity entry means, noted (most entries mean none)."""
    meaning = FROM_ACTIVITY.get(action)
    if meaning is None:
        return
    for event_type, found in meaning(actor, subject, details):
        emit(actor.company.pk, event_type, found)


def take_pending(session: Session) -> list[Pending]:
    return session.info.pop(PENDING, [])


def _within(transaction, rolled_back) -> bool:
    while transaction is not None:
        if transaction is rolled_back:
            return True
        transaction = transaction.parent
    return False


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    pending = session.info.get(PENDING)
    if pending:
        session.info[PENDING] = [item for item in pending if not _within(item.transaction, previous_transaction)]


def deliver_after_commit(session: Session, delivery_pks: list[int]) -> None:
    """Hand these deliveries to the app's dispatcher once the transaction has committed (the
    worker queues one job each); ``flask run-due`` finds any that were not handed over."""
    session.info.setdefault(COMMITTED, []).extend(delivery_pks)


@sa_event.listens_for(Session, "after_commit")
def _dispatch(session: Session) -> None:
    delivery_pks = session.info.pop(COMMITTED, None)
    if delivery_pks and has_app_context():
        dispatch = current_app.extensions.get(DISPATCH)
        if dispatch is not None:
            dispatch(delivery_pks)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_deliveries(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(COMMITTED, None)


def install(app, dispatch) -> None:
    """After each commit, ``dispatch(delivery_pks)`` is called with the deliveries it created."""
    app.extensions[DISPATCH] = dispatch
