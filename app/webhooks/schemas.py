"""Webhook shapes (DESIGN §18): an endpoint's create and update, the endpoint object (and the
same with its secret, answered only by create and rotate_secret), the event object, and the
lists' parameters. The shapes check only JSON types; app.webhooks.endpoints checks the URL
(https, a public address) and the event types."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from app import limits
from app.models.webhooks import ENDPOINT_STATUSES
from app.schemas.common import CursorParams, Input, Output, QueryChoice
from app.schemas.fields import Choice, PublicId, Text, Timestamp, _input, named
from app.webhooks import ALL_EVENTS, EVENT_TYPES

EventType = named("EventType", EVENT_TYPES)
EnabledEvent = named("EnabledEvent", (ALL_EVENTS, *EVENT_TYPES))
EndpointStatus = named("WebhookEndpointStatus", ENDPOINT_STATUSES)

URL = ("Where events are posted: an https URL whose host is, and resolves to, a public address (plain http and "
       "private, loopback, link-local or unique-local addresses only when the server sets WEBHOOKS_ALLOW_PRIVATE=1).")
EVENTS = (f'The event types the endpoint gets, or ["{ALL_EVENTS}"] for every type (the default); '
          f"at most {limits.WEBHOOK_EVENT_TYPES}.")
STATUS = "disabled: the endpoint gets nothing (and is not sent, once enabled again, what it missed)."


def _enabled_events(description: str):
    schema_type = Annotated[list[EnabledEvent], Field(min_length=1, max_length=limits.WEBHOOK_EVENT_TYPES)]
    return _input(lambda value: value, schema_type, description)


class WebhookEndpointUpdate(Input):
    """The given fields change. Enabling a disabled endpoint starts it afresh; disabling it gives
    up what it was still to get."""
    url: Text(limits.WEBHOOK_URL, required=True, nullable=False, fmt="uri", description=URL) = None
    enabled_events: _enabled_events(EVENTS) = None
    description: Text(limits.WEBHOOK_DESCRIPTION, description="What the endpoint is for.") = None
    status: Choice(EndpointStatus, description=STATUS) = None


class WebhookEndpointCreate(WebhookEndpointUpdate):
    """A new endpoint (enabled unless status says otherwise); its secret is answered this once."""
    url: Text(limits.WEBHOOK_URL, required=True, nullable=False, fmt="uri", description=URL)


class WebhookEndpoint(Output):
    id: PublicId("we")
    url: str
    description: str | None
    enabled_events: list[EnabledEvent]
    status: EndpointStatus
    disabled_at: Timestamp | None = Field(description="When it was disabled (by an admin, or after 5 days of "
                                                      "failed deliveries); null while enabled.")
    created_at: Timestamp
    updated_at: Timestamp


class WebhookEndpointWithSecret(WebhookEndpoint):
    secret: Annotated[str, StringConstraints(pattern=r"^whsec_[A-Za-z0-9+/]+={0,2}$")] = Field(
        description="The signing secret (whsec_ + base64 of 32 bytes): shown only now; keep it. The signature "
                    "is HMAC-SHA256 with the bytes the base64 after whsec_ stands for (Standard Webhooks).")


class WebhookEndpointListParams(CursorParams):
    pass


class EventData(Output):
    object: dict[str, Any] = Field(description="The object as the API showed it when the event happened "
                                               "(payment and refund: as the invoice lists them, with invoice_id).")


class Event(Output):
    id: PublicId("evt")
    type: EventType
    created: Timestamp
    data: EventData


class EventListParams(CursorParams):
    type: QueryChoice(EventType, "type", "Only events of this type.") = None
