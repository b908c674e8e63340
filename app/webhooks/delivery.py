"""Delivering webhooks (DESIGN §18): one attempt of one delivery at a time, by any number of
workers or ``flask run-due`` processes at once.

An attempt is *claimed* first: a compare-and-set UPDATE (still pending, the attempt count
this worker read, due) that counts the attempt and moves ``next_attempt_at`` a lease ahead,
committed before anything is posted, so no other worker takes the same attempt. The POST
goes out with no transaction open, to an address checked after resolving the name (a name
that resolves to a private address by then is refused; the connection goes to the checked
address itself, with the name's Host header, TLS SNI and certificate check). Then the
attempt is recorded and the delivery becomes delivered, due again after the next retry
delay (counted from this attempt), or failed after the last; only if its attempt count is
still the claimed one. A worker that dies mid-attempt leaves the claim to expire after the
lease: the attempt is made again later, with the same webhook-id.

An endpoint whose attempts have failed for ``DISABLE_AFTER`` since its first failure after
its last success is disabled (its pending deliveries given up) and its company's admins are
emailed, once (the outcome names them; the job door words and sends the email). A disabled
or deleted endpoint is posted nothing."""
from __future__ import annotations

import http.client
import logging
import socket
import ssl
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select, update
from standardwebhooks import Webhook

from app import limits, sealed
from app.extensions import db
from app.models import Event, Membership, User, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.models.base import utcnow
from app.services import tenancy, transaction
from app.webhooks import ATTEMPT_TIMEOUT_SECONDS, DISABLE_AFTER, KEEP_EVENTS, RETRY_DELAYS, addresses, endpoints

log = logging.getLogger(__name__)

USER_AGENT = "Corebill-Webhooks/1.0"
# A claimed attempt is another worker's again after this long (it outlasts the attempt's timeout).
LEASE = timedelta(minutes=2)
PURGE_BATCH = 500


def timeout_seconds() -> float:
    return float(current_app.config.get("WEBHOOKS_TIMEOUT") or ATTEMPT_TIMEOUT_SECONDS)


def _now(now: datetime | None) -> datetime:
    return (now or utcnow()).astimezone(timezone.utc)


def due(now: datetime | None = None) -> list[int]:
    """The pks of the deliveries whose next attempt is due (oldest due first)."""
    with transaction():
        return list(db.session.scalars(
            select(WebhookDelivery.pk).where(WebhookDelivery.status == "pending",
                                             WebhookDelivery.next_attempt_at <= _now(now))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.pk)))


def purge(now: datetime | None = None, batch: int = PURGE_BATCH) -> int:
    """Delete the events older than KEEP_EVENTS with their deliveries and attempts, a batch per
    transaction; how many events went."""
    cutoff, removed = _now(now) - KEEP_EVENTS, 0
    while True:
        with transaction():
            pks = list(db.session.scalars(select(Event.pk).where(Event.created_at < cutoff)
                                          .order_by(Event.pk).limit(batch)))
            if not pks:
                return removed
            deliveries = select(WebhookDelivery.pk).where(WebhookDelivery.event_pk.in_(pks))
            db.session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_pk.in_(deliveries)),
                               execution_options={"synchronize_session": False})
            db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_pk.in_(pks)),
                               execution_options={"synchronize_session": False})
            db.session.execute(delete(Event).where(Event.pk.in_(pks)), execution_options={"synchronize_session": False})
        removed += len(pks)


@dataclass(frozen=True)
class Claim:
    delivery_pk: int
    number: int  # the attempt claimed (1 for the first)
    endpoint_pk: int
    company_pk: int
    url: str
    event_id: str
    body: str
    secret: str


@dataclass(frozen=True)
class Answer:
    """What one POST came to."""
    succeeded: bool
    status_code: int | None
    duration_ms: int
    response_start: str | None
    error: str | None


@dataclass(frozen=True)
class Outcome:
    outcome: str  # delivered | retry | failed | skipped | nothing
    detail: str = ""
    disabled: Disabled | None = None  # the endpoint this attempt disabled; its admins are to be emailed


def _claim(delivery_pk: int, now: datetime) -> Claim | Outcome:
    """Take the delivery's next attempt (committed before anything is posted), or say why not."""
    with transaction():
        row = db.session.execute(
            select(WebhookDelivery.status, WebhookDelivery.attempts, WebhookDelivery.next_attempt_at,
                   WebhookDelivery.company_pk, WebhookEndpoint.pk.label("endpoint_pk"),
                   WebhookEndpoint.id.label("endpoint_id"), WebhookEndpoint.status.label("endpoint_status"),
                   WebhookEndpoint.url, WebhookEndpoint.secret_sealed, Event.id.label("event_id"), Event.body)
            .join(WebhookEndpoint, WebhookEndpoint.pk == WebhookDelivery.endpoint_pk)
            .join(Event, Event.pk == WebhookDelivery.event_pk)
            .where(WebhookDelivery.pk == delivery_pk)).first()
        if row is None or row.status != "pending" or row.next_attempt_at is None or row.next_attempt_at > now:
            return Outcome("nothing")
        enabled = row.endpoint_status == "enabled"
        values = {"attempts": row.attempts + 1, "next_attempt_at": now + LEASE} if enabled else {
            "status": "failed", "next_attempt_at": None}  # a disabled endpoint is posted nothing
        taken = db.session.execute(
            update(WebhookDelivery).where(WebhookDelivery.pk == delivery_pk, WebhookDelivery.status == "pending",
                                          WebhookDelivery.attempts == row.attempts,
                                          WebhookDelivery.next_attempt_at <= now).values(**values),
            execution_options={"synchronize_session": False})
        if taken.rowcount != 1:
            return Outcome("nothing")  # another worker claimed it first
        if not enabled:
            return Outcome("skipped", f"{row.event_id} not posted: endpoint {row.endpoint_id} is disabled")
        try:
            secret = sealed.unseal(row.secret_sealed, current_app.config["SECRET_KEY"])
        except Exception:  # sealed with another SECRET_KEY: the attempt fails, as any other would
            secret = ""
        return Claim(delivery_pk, row.attempts + 1, row.endpoint_pk, row.company_pk, row.url, row.event_id,
                     row.body, secret)


def signed_headers(event_id: str, body: str, secret: str, now: datetime) -> dict[str, str]:
    """Standard Webhooks headers for ``body``, signed at ``now`` (its Unix seconds)."""
    stamp = now.replace(microsecond=0)
    return {"webhook-id": event_id, "webhook-timestamp": str(int(stamp.timestamp())),
            "webhook-signature": Webhook(secret).sign(event_id, stamp, body),
            "Content-Type": "application/json", "User-Agent": USER_AGENT}


def printable(raw: bytes) -> str:
    """The start of an answer as text the dashboard can show: UTF-8 (bad bytes replaced), no
    control characters but newlines and tabs."""
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a given address, with SNI and the certificate checked for ``server_name``."""

    def __init__(self, address: str, port: int, server_name: str, timeout: float):
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self.server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.server_name)


def _short(message: str) -> str:
    return message if len(message) <= limits.WEBHOOK_ERROR else message[:limits.WEBHOOK_ERROR - 1] + "…"


def _describe(error: BaseException, timeout: float) -> str:
    if isinstance(error, (socket.timeout, TimeoutError)):
        return f"timed out after {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {error.verify_message or error.reason}"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or error}"
    if isinstance(error, http.client.HTTPException):
        return f"not an HTTP answer ({type(error).__name__})"
    return str(error) or type(error).__name__


def post(url: str, body: str, headers: dict[str, str], allow_private: bool, timeout: float) -> Answer:
    """POST ``body`` to ``url`` once: the name resolved and checked, the checked address
    connected to, no redirect followed, at most WEBHOOK_RESPONSE_BYTES of the answer read, and
    the whole of it within ``timeout`` seconds."""
    started = time.perf_counter()

    def took() -> int:
        return int((time.perf_counter() - started) * 1000)

    try:
        destination, found = addresses.checked(url, allow_private)
        if not found:  # private addresses allowed: nothing was resolved yet
            found = addresses.resolve(destination.host, destination.port)
    except addresses.Refused as refused:
        return Answer(False, None, took(), None, _short(f"refused: {refused.message}"))
    if not found:
        return Answer(False, None, took(), None, _short(f"{destination.host} resolves to no address"))
    default_port = 443 if destination.scheme == "https" else 80
    host_header = destination.host if destination.port == default_port else f"{destination.host}:{destination.port}"
    if ":" in destination.host and destination.port == default_port:
        host_header = f"[{destination.host}]"
    elif ":" in destination.host:
        host_header = f"[{destination.host}]:{destination.port}"
    connection, timer, timed_out = None, None, threading.Event()
    try:
        for index, address in enumerate(found):
            remaining = max(timeout - (time.perf_counter() - started), 0.001)
            if destination.scheme == "https":
                connection = _PinnedHTTPS(address, destination.port, destination.host, remaining)
            else:
                connection = http.client.HTTPConnection(address, destination.port, timeout=remaining)
            try:
                connection.connect()
                break
            except (ConnectionRefusedError, OSError):
                if index == len(found) - 1:
                    raise
                connection.close()

        def expire():
            timed_out.set()
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        timer = threading.Timer(max(timeout - (time.perf_counter() - started), 0.001), expire)
        timer.daemon = True
        timer.start()
        connection.putrequest("POST", destination.target, skip_host=True, skip_accept_encoding=True)
        payload = body.encode("utf-8")
        for name, value in {**headers, "Host": host_header, "Content-Length": str(len(payload))}.items():
            connection.putheader(name, value)
        connection.endheaders(payload)
        response = connection.getresponse()
        status = response.status
        try:
            raw = response.read(limits.WEBHOOK_RESPONSE_BYTES)
        except (OSError, http.client.HTTPException):
            raw = b""
        start = printable(raw) or None
        if 200 <= status < 300:
            return Answer(True, status, took(), start, None)
        if 300 <= status < 400:
            location = printable((response.getheader("Location") or "").encode("utf-8", "replace"))
            error = f"redirect not followed ({status} to {location})" if location else f"redirect not followed ({status})"
            return Answer(False, status, took(), start, _short(error))
        return Answer(False, status, took(), start, _short(f"answered {status}"))
    except (OSError, http.client.HTTPException) as error:
        message = _describe(error, timeout) if not timed_out.is_set() else f"timed out after {timeout:g} s"
        return Answer(False, None, took(), None, _short(message))
    finally:
        if timer is not None:
            timer.cancel()
        if connection is not None:
            connection.close()


def _admins(company) -> list[tuple[str, str | None]]:
    """Each admin of the company: their email address and dashboard language."""
    return [tuple(row) for row in db.session.execute(
        tenancy.scoped(Membership, company).join(User, Membership.user_pk == User.pk)
        .where(Membership.role == "admin").with_only_columns(User.email, User.language).order_by(User.email))]


@dataclass(frozen=True)
class Disabled:
    """An endpoint this attempt disabled, and whom to tell (the doors word and send the email)."""
    company_pk: int
    endpoint_id: str
    url: str
    failing_since: datetime
    admins: tuple[tuple[str, str | None], ...]  # (email, language)


def _disable(endpoint: WebhookEndpoint, now: datetime) -> Disabled | None:
    """Disable the endpoint if it is still enabled (once, whichever worker gets there first)."""
    failing_since = endpoint.failing_since
    switched = db.session.execute(
        update(WebhookEndpoint).where(WebhookEndpoint.pk == endpoint.pk, WebhookEndpoint.status == "enabled")
        .values(status="disabled"), execution_options={"synchronize_session": False})
    if switched.rowcount != 1:
        return None
    db.session.refresh(endpoint)
    endpoints.set_status(endpoint, "disabled")
    endpoint.disabled_at = now
    return Disabled(endpoint.company_pk, endpoint.id, endpoint.url, failing_since, tuple(_admins(endpoint.company)))


def _record(claim: Claim, answer: Answer, now: datetime) -> Outcome:
    """Log the attempt and move the delivery on (if it is still the claimed attempt's)."""
    if answer.succeeded:
        values, outcome = {"status": "delivered", "next_attempt_at": None}, "delivered"
    elif claim.number <= len(RETRY_DELAYS):
        values, outcome = {"next_attempt_at": now + RETRY_DELAYS[claim.number - 1]}, "retry"
    else:
        values, outcome = {"status": "failed", "next_attempt_at": None}, "failed"
    disabled = None
    with transaction():
        moved = db.session.execute(
            update(WebhookDelivery).where(WebhookDelivery.pk == claim.delivery_pk, WebhookDelivery.status == "pending",
                                          WebhookDelivery.attempts == claim.number).values(**values),
            execution_options={"synchronize_session": False})
        if moved.rowcount != 1 and db.session.get(WebhookDelivery, claim.delivery_pk) is None:
            return Outcome("nothing", f"{claim.event_id}: the endpoint was deleted during the attempt")
        db.session.add(WebhookAttempt(company_pk=claim.company_pk, endpoint_pk=claim.endpoint_pk,
                                      delivery_pk=claim.delivery_pk, number=claim.number, attempted_at=now,
                                      succeeded=answer.succeeded, status_code=answer.status_code,
                                      duration_ms=answer.duration_ms, response_start=answer.response_start,
                                      error=answer.error))
        if answer.succeeded:  # its failures end here
            db.session.execute(update(WebhookEndpoint).where(WebhookEndpoint.pk == claim.endpoint_pk,
                                                             WebhookEndpoint.failing_since.is_not(None))
                               .values(failing_since=None), execution_options={"synchronize_session": False})
        else:
            endpoint = db.session.get(WebhookEndpoint, claim.endpoint_pk, populate_existing=True)
            if endpoint.status == "enabled":
                if endpoint.failing_since is None:
                    endpoint.failing_since = now
                elif now - endpoint.failing_since >= DISABLE_AFTER:
                    disabled = _disable(endpoint, now)
    if moved.rowcount != 1:
        outcome = "nothing"  # the delivery moved on meanwhile (its endpoint disabled): the attempt is logged only
    what = f"{claim.event_id} attempt {claim.number} to {claim.url}"
    result = f"{answer.status_code}" if answer.status_code else ""
    detail = f"{what}: {outcome}" + (f" ({result}{', ' if result and answer.error else ''}{answer.error or ''})"
                                     if result or answer.error else "")
    if disabled is not None:
        detail += f"; endpoint {disabled.endpoint_id} disabled (failing since {disabled.failing_since:%Y-%m-%d %H:%M} UTC)"
    return Outcome(outcome, detail, disabled)


def deliver(delivery_pk: int, now: datetime | None = None) -> Outcome:
    """Make the delivery's attempt if it is due (``now``, default the clock; its Unix seconds
    are the webhook-timestamp), and record how it went."""
    now = _now(now)
    claimed = _claim(delivery_pk, now)
    if isinstance(claimed, Outcome):
        return claimed
    if not claimed.secret:
        return _record(claimed, Answer(False, None, 0, None, "the signing secret cannot be read (SECRET_KEY changed?)"), now)
    headers = signed_headers(claimed.event_id, claimed.body, claimed.secret, now)
    answer = post(claimed.url, claimed.body, headers, endpoints.allow_private(), timeout_seconds())
    return _record(claimed, answer, now)
