"""Events written when their transaction commits (DESIGN §18): each noted change
(``app.webhooks.events``) becomes an event whose ``data.object`` is its object as the API shows
it at that moment, and a delivery, due at once, for each enabled endpoint of the company that
wants its type, handed to the worker after the commit (``events.deliver_after_commit``)."""
from __future__ import annotations

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from app import json
from app.api.serializers import credit_note_json, customer_json, invoice_json, quote_json, recurring_json
from app.ids import new_id
from app.invoices import schemas
from app.models import (
    Company,
    CreditNote,
    Customer,
    Event,
    Invoice,
    Payment,
    Quote,
    RecurringInvoice,
    Refund,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.models.base import utcnow
from app.services import tenancy
from app.services.tenancy import today_for
from app.webhooks import events

PAYMENT_FIELDS = tuple(schemas.Payment.model_fields)
REFUND_FIELDS = tuple(schemas.Refund.model_fields)


def payment_json(payment: Payment) -> dict:
    """A payment as its invoice's ``payments`` show it, and the invoice it pays."""
    return {**{name: getattr(payment, name) for name in PAYMENT_FIELDS}, "invoice_id": payment.invoice.id}


def refund_json(refund: Refund) -> dict:
    """A refund as its invoice's ``refunds`` show it, and the invoice it returns money of."""
    return {**{name: getattr(refund, name) for name in REFUND_FIELDS if name != "payment_id"},
            "payment_id": refund.payment.id if refund.payment is not None else None, "invoice_id": refund.invoice.id}


OBJECTS = {
    Customer: lambda found, company: customer_json(found),
    Invoice: lambda found, company: invoice_json(found, today_for(company)),
    Payment: lambda found, company: payment_json(found),
    Refund: lambda found, company: refund_json(found),
    CreditNote: lambda found, company: credit_note_json(found),
    Quote: lambda found, company: quote_json(found, today_for(company)),
    RecurringInvoice: lambda found, company: recurring_json(found),
}


def object_json(found, company: Company) -> dict:
    return OBJECTS[type(found)](found, company)


def event_body(event_id: str, event_type: str, created, data: dict) -> str:
    return json.dumps({"id": event_id, "type": event_type, "created": created, "data": {"object": data}})


def write(session: Session, pending: list[events.Pending]) -> list[int]:
    """The events of ``pending`` and their deliveries, added and flushed: the deliveries' pks."""
    deliveries, endpoints = [], {}
    for item in pending:
        company = session.get(Company, item.company_pk)
        found = session.get(item.model, item.pk)
        created = utcnow()
        event = Event(id=new_id("evt"), company_pk=company.pk, type=item.type, created_at=created)
        event.body = event_body(event.id, item.type, created, object_json(found, company))
        session.add(event)
        if company.pk not in endpoints:
            endpoints[company.pk] = list(session.scalars(
                tenancy.scoped(WebhookEndpoint, company).where(WebhookEndpoint.status == "enabled")))
        for endpoint in endpoints[company.pk]:
            if endpoint.wants(item.type):
                delivery = WebhookDelivery(company_pk=company.pk, endpoint_pk=endpoint.pk, event=event,
                                           next_attempt_at=created)
                session.add(delivery)
                deliveries.append(delivery)
    session.flush()
    return [delivery.pk for delivery in deliveries]


@sa_event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = events.take_pending(session)
    if pending:
        events.deliver_after_commit(session, write(session, pending))
