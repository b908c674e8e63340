"""The delivery log of an endpoint (DESIGN §18): its last attempts and its recent deliveries,
each with its event, as the dashboard shows them; and ``resend``, which an admin uses to send
an event of the last 30 days to an endpoint again (a new delivery, due at once: the log keeps
the earlier attempts as they were)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.i18n import _
from app.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.services import tenancy
from app.services.errors import InvalidTransition, ValidationError
from app.services.tenancy import Actor
from app.webhooks import KEEP_EVENTS, endpoints, events

ATTEMPTS_SHOWN = 50
DELIVERIES_SHOWN = 25


@dataclass(frozen=True)
class LoggedAttempt:
    """One attempt and the event it carried."""
    attempt: WebhookAttempt
    event_id: str
    event_type: str
    event_created_at: datetime

    @property
    def resendable(self) -> bool:
        return is_kept(self.event_created_at)


@dataclass(frozen=True)
class LoggedDelivery:
    """One delivery (an event on its way to the endpoint) and its event."""
    delivery: WebhookDelivery
    event_id: str
    event_type: str
    event_created_at: datetime

    @property
    def resendable(self) -> bool:
        return is_kept(self.event_created_at)


def is_kept(created_at: datetime) -> bool:
    """Whether an event written at ``created_at`` is still kept (and so may be resent)."""
    return created_at >= utcnow() - KEEP_EVENTS


def _of_endpoint(model, actor: Actor, endpoint: WebhookEndpoint):
    """``model``'s rows of ``endpoint`` (within the actor's company), with their event's id, type and time."""
    return (tenancy.scoped(model, actor.company).where(model.endpoint_pk == endpoint.pk)
            .add_columns(Event.id, Event.type, Event.created_at))


def last_attempts(actor: Actor, endpoint_id: object, limit: int = ATTEMPTS_SHOWN) -> list[LoggedAttempt]:
    """The endpoint's last ``limit`` attempts, newest first, each with its event."""
    endpoint = endpoints.get_endpoint(actor, endpoint_id)
    query = (_of_endpoint(WebhookAttempt, actor, endpoint)
             .join(WebhookDelivery, WebhookDelivery.pk == WebhookAttempt.delivery_pk)
             .join(Event, Event.pk == WebhookDelivery.event_pk)
             .order_by(WebhookAttempt.attempted_at.desc(), WebhookAttempt.pk.desc()).limit(limit))
    return [LoggedAttempt(attempt, *event) for attempt, *event in db.session.execute(query)]


def recent_deliveries(actor: Actor, endpoint_id: object, limit: int = DELIVERIES_SHOWN) -> list[LoggedDelivery]:
    """The endpoint's last ``limit`` deliveries (the events sent or on their way to it), newest
    first, each with its event."""
    endpoint = endpoints.get_endpoint(actor, endpoint_id)
    query = (_of_endpoint(WebhookDelivery, actor, endpoint)
             .join(Event, Event.pk == WebhookDelivery.event_pk)
             .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.pk.desc()).limit(limit))
    return [LoggedDelivery(delivery, *event) for delivery, *event in db.session.execute(query)]


def resend(actor: Actor, endpoint_id: object, event_id: object) -> WebhookDelivery:
    """Send the event ``event_id`` to the endpoint again: a new delivery, due now, handed to the
    worker once the transaction commits. Admins only; the endpoint must be enabled, the event
    one of the company's of the last 30 days of a type the endpoint receives."""
    actor.require("manage_webhooks")
    endpoint = endpoints.get_endpoint(actor, endpoint_id)
    # Another company's event is missing; an older one of the company's is refused in words of its own.
    event = tenancy.get(Event, actor.company, event_id)
    if endpoint.status != "enabled":
        raise InvalidTransition(_("The endpoint %(id)s is disabled: enable it before resending an event to it.",
                                  id=endpoint.id), status=endpoint.status)
    if not is_kept(event.created_at):
        raise ValidationError({"event_id": _("The event %(id)s is older than 30 days and can no longer be resent.",
                                             id=event.id)})
    if not endpoint.wants(event.type):
        raise ValidationError({"event_id": _("The endpoint %(endpoint)s does not receive %(type)s events; add the "
                                             "type to its events first.", endpoint=endpoint.id, type=event.type)})
    delivery = WebhookDelivery(company_pk=actor.company.pk, endpoint_pk=endpoint.pk, event_pk=event.pk,
                               status="pending", attempts=0, next_attempt_at=utcnow())
    db.session.add(delivery)
    db.session.flush()
    events.deliver_after_commit(db.session(), [delivery.pk])
    return delivery
