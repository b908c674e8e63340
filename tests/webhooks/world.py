"""Plain helpers of the webhook tests (delivery, the delivery log, the Settings → Webhooks pages):
an endpoint (by default at a public address written as one: no DNS needed), its deliveries, the
events a company wrote, and attempts written as the delivery worker writes them."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Event, WebhookAttempt, WebhookDelivery
from app.models.base import utcnow
from app.services import transaction
from app.webhooks import endpoints

URL = "https://93.184.215.14/hooks/corebill"


def make_endpoint(actor, url: str = URL, **data):
    """A new endpoint of the actor's company (every event unless told) and its secret, committed."""
    with transaction():
        return endpoints.create_endpoint(actor, {"url": url, **data})


def events_of(company, event_type: str | None = None) -> list[Event]:
    query = select(Event).where(Event.company_pk == company.pk).order_by(Event.pk)
    return list(db.session.scalars(query.where(Event.type == event_type) if event_type else query))


def deliveries_of(endpoint) -> list[WebhookDelivery]:
    """The endpoint's deliveries as the database holds them now (another thread may have moved them)."""
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_pk == endpoint.pk)
                                   .order_by(WebhookDelivery.pk)))


def add_attempt(delivery, *, number: int = 1, status: int | None = 200, at: datetime | None = None,
                duration_ms: int = 120, body: str | None = "ok", error: str | None = None) -> WebhookAttempt:
    """One attempt of ``delivery`` as the worker logs it (committed by the caller's transaction)."""
    attempt = WebhookAttempt(company_pk=delivery.company_pk, endpoint_pk=delivery.endpoint_pk, delivery_pk=delivery.pk,
                             number=number, attempted_at=at or utcnow(), succeeded=status is not None and status < 300,
                             status_code=status, duration_ms=duration_ms, response_start=body, error=error)
    db.session.add(attempt)
    delivery.attempts = max(delivery.attempts, number)
    return attempt


def age(event: Event, days: int) -> None:
    """Make ``event`` written ``days`` ago."""
    event.created_at = utcnow() - timedelta(days=days)
