"""Webhook endpoints (DESIGN §18): created, changed and deleted by a company's admins, read by
every member without their secrets. The signing secret (``whsec_`` + base64 of 32 random
bytes) is sealed at rest (app.sealed) and returned only by ``create_endpoint`` and
``rotate_secret``; after a rotation only the new secret signs. A URL is checked when saved
(``app.webhooks.addresses``: https, public addresses only unless WEBHOOKS_ALLOW_PRIVATE=1)."""
from __future__ import annotations

import base64
import secrets

from flask import current_app
from sqlalchemy import delete, func, select

from app import limits, sealed
from app.extensions import db
from app.i18n import _
from app.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.services import inputs, tenancy
from app.services.errors import NotFound
from app.services.inputs import Errors, ValidationError
from app.services.tenancy import Actor
from app.webhooks import ALL_EVENTS, EVENT_TYPES, KEEP_EVENTS, addresses

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
FIELDS = ("url", "enabled_events", "description", "status")


def allow_private() -> bool:
    return bool(current_app.config.get("WEBHOOKS_ALLOW_PRIVATE"))


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_of(endpoint: WebhookEndpoint) -> str:
    """The endpoint's signing secret, unsealed (sealed.Unreadable once SECRET_KEY changed)."""
    return sealed.unseal(endpoint.secret_sealed, current_app.config["SECRET_KEY"])


def _seal(secret: str) -> str:
    return sealed.seal(secret, current_app.config["SECRET_KEY"])


def _url(value: object) -> str:
    url = inputs.text(value, "url", max_length=limits.WEBHOOK_URL, required=True)
    try:
        addresses.checked(url, allow_private())
    except addresses.Refused as refused:
        raise ValidationError({"url": refused.message}) from None
    return url


def _events(value: object) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(entry, str) for entry in value):
        raise ValidationError({"enabled_events": _("Give a list of event types, or [\"*\"] for every event.")})
    if len(value) > limits.WEBHOOK_EVENT_TYPES:
        raise ValidationError({"enabled_events": _("At most %(count)d event types.", count=limits.WEBHOOK_EVENT_TYPES)})
    unknown = [entry for entry in value if entry != ALL_EVENTS and entry not in EVENT_TYPES]
    if unknown:
        raise ValidationError({"enabled_events": _("Unknown event type(s): %(types)s.", types=", ".join(unknown[:5]))})
    if ALL_EVENTS in value:
        return [ALL_EVENTS]
    return [entry for entry in EVENT_TYPES if entry in value]  # in the list's order, once each


CHECKS = {
    "url": _url,
    "enabled_events": _events,
    "description": lambda value: inputs.text(value, "description", max_length=limits.WEBHOOK_DESCRIPTION),
    "status": lambda value: inputs.choice(value, "status", ("enabled", "disabled")),
}


def _clean(data: object) -> dict:
    inputs.reject_unknown(data, FIELDS)
    return inputs.checked(data, CHECKS)


def list_endpoints(actor: Actor) -> list[WebhookEndpoint]:
    """The company's endpoints, oldest first."""
    return list(db.session.scalars(tenancy.scoped(WebhookEndpoint, actor.company).order_by(WebhookEndpoint.pk)))


def endpoints_query(actor: Actor):
    return tenancy.scoped(WebhookEndpoint, actor.company)


def get_endpoint(actor: Actor, endpoint_id: object, *, for_update: bool = False) -> WebhookEndpoint:
    return tenancy.get(WebhookEndpoint, actor.company, endpoint_id, for_update=for_update)


def create_endpoint(actor: Actor, data: dict) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret (shown this once)."""
    actor.require("manage_webhooks")
    clean = _clean({"enabled_events": [ALL_EVENTS], **data} if isinstance(data, dict) else data)
    errors = Errors()
    if "url" not in clean:
        errors["url"] = _("This field is required.")
    count = db.session.scalar(select(func.count()).select_from(
        tenancy.scoped(WebhookEndpoint, actor.company).subquery()))
    if count >= limits.WEBHOOK_ENDPOINTS:
        errors["url"] = _("A company can have at most %(count)d webhook endpoints; delete one first.",
                          count=limits.WEBHOOK_ENDPOINTS)
    errors.raise_if_any()
    secret = new_secret()
    endpoint = WebhookEndpoint(company_pk=actor.company.pk, secret_sealed=_seal(secret),
                               **{"status": "enabled", **clean})
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def update_endpoint(actor: Actor, endpoint_id: object, data: dict) -> WebhookEndpoint:
    """Change the given fields. Enabling a disabled endpoint starts it afresh (its failures are
    forgotten) and does not replay what it missed; disabling it gives up what it was still to get."""
    actor.require("manage_webhooks")
    endpoint = get_endpoint(actor, endpoint_id, for_update=True)
    clean = _clean(data)
    status = clean.pop("status", endpoint.status)
    for field, value in clean.items():
        setattr(endpoint, field, value)
    if status != endpoint.status:
        set_status(endpoint, status)
    db.session.flush()
    return endpoint


def set_status(endpoint: WebhookEndpoint, status: str) -> None:
    """Enable (afresh) or disable an endpoint; a disabled one's pending deliveries are given up."""
    endpoint.status = status
    endpoint.failing_since = None
    if status == "disabled":
        endpoint.disabled_at = utcnow()
        give_up_pending(endpoint)
    else:
        endpoint.disabled_at = None


def give_up_pending(endpoint: WebhookEndpoint) -> None:
    db.session.execute(tenancy.scoped_update(WebhookDelivery, endpoint.company).where(
        WebhookDelivery.endpoint_pk == endpoint.pk, WebhookDelivery.status == "pending")
        .values(status="failed", next_attempt_at=None))


def rotate_secret(actor: Actor, endpoint_id: object) -> tuple[WebhookEndpoint, str]:
    """A new secret (shown this once); from now on only it signs."""
    actor.require("manage_webhooks")
    endpoint = get_endpoint(actor, endpoint_id, for_update=True)
    secret = new_secret()
    endpoint.secret_sealed = _seal(secret)
    db.session.flush()
    return endpoint, secret


def delete_endpoint(actor: Actor, endpoint_id: object) -> str:
    """Delete the endpoint, its deliveries and their attempts (the events stay); its id."""
    actor.require("manage_webhooks")
    endpoint = get_endpoint(actor, endpoint_id, for_update=True)
    db.session.execute(delete(WebhookAttempt).where(WebhookAttempt.endpoint_pk == endpoint.pk))
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_pk == endpoint.pk))
    db.session.delete(endpoint)
    db.session.flush()
    return endpoint.id


def events_query(actor: Actor, event_type: str | None = None):
    """The company's events of the last 30 days (of one type, when given), for a cursor page."""
    query = tenancy.scoped(Event, actor.company).where(Event.created_at >= utcnow() - KEEP_EVENTS)
    return query.where(Event.type == event_type) if event_type else query


def get_event(actor: Actor, event_id: object) -> Event:
    """One of the company's events of the last 30 days (an older one is gone, as from the list)."""
    event = tenancy.get(Event, actor.company, event_id)
    if event.created_at < utcnow() - KEEP_EVENTS:
        raise NotFound(_("No such %(noun)s: '%(id)s'.", noun=tenancy.noun_of(Event), id=event_id), param="id")
    return event
