"""The Stripe webhook's door (DESIGN §16): ``POST /webhooks/stripe/<company_id>``.

Stripe authenticates each delivery by its ``Stripe-Signature`` (the company's webhook signing
secret, the ``stripe`` package's check, ``STRIPE_WEBHOOK_TOLERANCE`` seconds), not by a session,
so the endpoint is exempt from CSRF, and from nothing else. Every answer is JSON; a refusal is
the JSON error object (app/errors.py) and changes nothing:

- a body over ``STRIPE_WEBHOOK_MAX_BYTES``: 413, refused on its Content-Length before it is
  read, or as soon as a chunked body passes the limit;
- an unknown or malformed company id, a company not connected or without a webhook secret, a
  missing, bad or old signature, a body that is not an event, another company's Checkout
  Session: 400 (Stripe retries a non-2xx answer for days, which suits a secret entered later);
- a verified event: 200 ``{"received": true, "outcome": …}``, whatever it was (ignored,
  duplicate, recorded…): :func:`app.online_payments.recording.handle_event` says.

A session naming an invoice the company no longer has (deleted, or never its own) is a 200 with
the outcome ``no such invoice``, logged as a warning: retrying it for days would change nothing.
Each event's id, type and outcome are logged; never the secret, the signature or the body."""
from __future__ import annotations

import json
import logging
import re

import stripe
from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from app import limits, sealed
from app.errors import json_error
from app.extensions import csrf, db
from app.models import Company
from app.online_payments import connection, recording
from app.services import transaction
from app.services.errors import NotFound, ValidationError

log = logging.getLogger(__name__)
bp = Blueprint("stripe_webhook", __name__)
csrf.exempt(bp)

COMPANY_ID = re.compile(r"com_[a-z0-9]{1,60}")


class Refused(Exception):
    """A delivery answered with a JSON error object, having changed nothing."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


@bp.errorhandler(Refused)
def _refused(error: Refused):
    log.info("stripe webhook %s refused: %s %s", request.path[:100], error.status, error.code)
    return json_error(error.status, error.code, error.message, error.param)


def _body() -> bytes:
    """The raw body, refused with a 413 past the limit: Werkzeug checks the Content-Length
    before reading anything, and reads a chunked body only up to one byte past the limit
    (its stream then stops silently, hence the length check)."""
    limit = current_app.config["STRIPE_WEBHOOK_MAX_BYTES"]
    request.max_content_length = limit + 1
    try:
        payload = request.get_data(cache=False)
    except RequestEntityTooLarge:
        payload = None
    if payload is None or len(payload) > limit:
        raise Refused(413, "payload_too_large", f"A webhook's body may be at most {limit} bytes.")
    return payload


def _company(company_id: str) -> Company:
    """The company the URL names; its webhook secret must be set (Settings → Payments)."""
    if not COMPANY_ID.fullmatch(company_id):
        raise Refused(400, "invalid_company", "This is not a company id.", "company_id")
    company = db.session.scalars(select(Company).where(Company.id == company_id)).first()
    if company is None:
        raise Refused(400, "resource_missing", f"No such company: '{company_id}'.", "company_id")
    if not company.stripe_connected or company.stripe_webhook_secret_sealed is None:
        raise Refused(400, "not_connected", "This company has not connected Stripe (Settings → Payments) "
                                            "or has no webhook signing secret.", "company_id")
    return company


def _verified_event(company: Company, payload: bytes) -> dict:
    """The event in the body, once its signature is the company's and recent enough."""
    try:
        secret = connection.webhook_secret(company)
    except sealed.Unreadable as error:
        log.warning("stripe webhook for %s: the webhook secret cannot be read", company.id)
        raise Refused(400, "not_connected", str(error), "company_id") from None
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, request.headers.get("Stripe-Signature"), secret,
                                              current_app.config["STRIPE_WEBHOOK_TOLERANCE"])
    except (UnicodeDecodeError, stripe.SignatureVerificationError) as error:
        reason = "not UTF-8" if isinstance(error, UnicodeDecodeError) else error.user_message or str(error)
        raise Refused(400, "invalid_signature", f"The Stripe-Signature does not verify: {reason}",
                      "Stripe-Signature") from None
    try:
        event = json.loads(text)
    except ValueError:
        event = None
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise Refused(400, "invalid_event", "The body is not a Stripe event (an object with an id and a type).")
    data = event.get("data")
    handled = event["type"] in recording.EVENTS  # its id is stored, and its session read
    if handled and not (_text(event["id"], limits.PROVIDER_ID)
                        and _is_session(data.get("object") if isinstance(data, dict) else None)):
        raise Refused(400, "invalid_event", "The event does not hold a Checkout Session.", "data")
    return event


# The fields of a Checkout Session that recording reads, and the types they may have (or null);
# the texts it stores must fit their columns.
SESSION_FIELDS = {"id": str, "metadata": dict, "client_reference_id": str, "payment_status": str, "status": str,
                  "amount_total": int, "currency": str, "payment_intent": (str, dict)}
STORED_TEXTS = {"id": limits.PROVIDER_ID, "status": limits.CODE, "payment_status": limits.CODE}


def _text(value: object, longest: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= longest


def _is_session(found: object) -> bool:
    if not isinstance(found, dict) or not _text(found.get("id"), limits.PROVIDER_ID):
        return False
    if not all(found.get(name) is None or (isinstance(found[name], kind) and not isinstance(found[name], bool))
               for name, kind in SESSION_FIELDS.items()):
        return False
    intent = found.get("payment_intent")
    intent = intent.get("id") if isinstance(intent, dict) else intent
    return (all(found.get(name) is None or _text(found[name], longest) for name, longest in STORED_TEXTS.items())
            and (intent is None or _text(intent, limits.TRANSACTION_ID)))


@bp.post("/webhooks/stripe/<company_id>")
def stripe_event(company_id: str):
    """Verify the delivery and handle its event, in one transaction."""
    payload = _body()
    try:
        with transaction():
            company = _company(company_id)
            event = _verified_event(company, payload)
            outcome = recording.handle_event(company, event)
    except NotFound:
        outcome = "no such invoice"
    except IntegrityError:  # the same payment recorded meanwhile by another delivery: nothing to add
        outcome = "duplicate"
    except ValidationError as error:  # e.g. another company's session: nothing recorded
        log.warning("stripe event %s (%s) for %s refused: %s", event["id"], event["type"], company_id, error.message)
        raise Refused(400, error.code, error.message, error.param) from None
    logger = log.warning if outcome == "no such invoice" else log.info
    logger("stripe event %s (%s) for %s: %s", event["id"], event["type"], company_id, outcome)
    return jsonify({"received": True, "outcome": outcome})
