"""/v1/webhook_endpoints and /v1/events (DESIGN §18).

Endpoints: list, create (201, with the secret, shown this once), retrieve, update (POST),
delete and rotate_secret (the new secret, shown this once); admins write, members read them
without secrets. Events (the last 30 days): list, newest first (``type`` filters), and
retrieve; each answered exactly as its body was delivered."""
from __future__ import annotations

from flask import request

from app import json
from app.api.operations import operation
from app.api.resources import Resource, one, paginated
from app.models import Event, WebhookEndpoint
from app.schemas.common import EmptyInput
from app.webhooks import endpoints
from app.webhooks.schemas import Event as EventShape
from app.webhooks.schemas import (
    EventListParams,
    WebhookEndpointCreate,
    WebhookEndpointListParams,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from app.webhooks.schemas import WebhookEndpoint as EndpointShape

ENDPOINT_FIELDS = tuple(EndpointShape.model_fields)


def endpoint_json(endpoint: WebhookEndpoint) -> dict:
    """The endpoint as the API shows it (never its secret)."""
    return {name: getattr(endpoint, name) for name in ENDPOINT_FIELDS}


def with_secret(endpoint: WebhookEndpoint, secret: str) -> dict:
    return {**endpoint_json(endpoint), "secret": secret}


def event_json(event: Event) -> dict:
    """The event exactly as it was delivered (its stored body; amounts stay exact)."""
    return json.loads(event.body)


ENDPOINT = Resource("/webhook_endpoints/<webhook_endpoint_id>", lambda actor, endpoint: endpoint_json(endpoint),
                    EndpointShape)
EVENT = Resource("/events/<event_id>", lambda actor, event: event_json(event), EventShape)


@operation("post", ENDPOINT.collection, "createWebhookEndpoint",
           "Create a webhook endpoint (admin only); the answer holds its signing secret, shown this once.",
           answers=WebhookEndpointWithSecret, body=WebhookEndpointCreate, status=201, errors=(403,))
def create_webhook_endpoint(actor, body):
    return one(with_secret(*endpoints.create_endpoint(actor, body)), 201)


retrieve_webhook_endpoint = ENDPOINT.retrieve("Retrieve a webhook endpoint (without its secret).",
                                              runs=endpoints.get_endpoint)
update_webhook_endpoint = ENDPOINT.action(
    None, "Update the given fields of a webhook endpoint (admin only). Enabling a disabled endpoint does not "
          "send it what it missed.", body=WebhookEndpointUpdate, errors=(403,), runs=endpoints.update_endpoint)
delete_webhook_endpoint = ENDPOINT.delete(
    "Delete a webhook endpoint (admin only) and its delivery log; the events stay.", errors=(403,),
    runs=endpoints.delete_endpoint)


@operation("post", ENDPOINT.path + "/rotate_secret", "rotateSecretWebhookEndpoint",
           "A new signing secret (admin only), shown this once; from now on only it signs.",
           answers=WebhookEndpointWithSecret, body=EmptyInput, errors=(403,))
def rotate_webhook_endpoint_secret(actor, body, webhook_endpoint_id):
    return one(with_secret(*endpoints.rotate_secret(actor, webhook_endpoint_id)))


@ENDPOINT.listing("List webhook endpoints, newest first (without their secrets).", query=WebhookEndpointListParams)
def list_webhook_endpoints(actor, body):
    return paginated(endpoints.endpoints_query(actor), WebhookEndpoint, endpoint_json)


retrieve_event = EVENT.retrieve("Retrieve an event of the last 30 days, as it was delivered.",
                                runs=endpoints.get_event)


@EVENT.listing("List the events of the last 30 days, newest first.", query=EventListParams)
def list_events(actor, body):
    return paginated(endpoints.events_query(actor, request.args.get("type")), Event, event_json,
                     cursor_scope=endpoints.events_query(actor))
