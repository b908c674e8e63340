"""``Idempotency-Key`` on POST: the first response to a key is stored with a hash of its
request and replayed for 24 hours; the same key with another request is refused.

A record is claimed (inserted, status 0) before the action runs, in the action's own
transaction: a concurrent request with the same key waits on the unique index and then
replays the stored response. Responses with status < 500 are kept (successes and refusals,
which are deterministic); 5xx (e.g. a mail server that refused the message) are not, so the
client may retry with the same key.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import simplejson
from flask import Response, current_app, request
from sqlalchemy import delete, select

from app import limits
from app.api.errors import ApiError, error_response
from app.extensions import db
from app.models import ApiKey, IdempotencyRecord
from app.models.base import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = limits.IDEMPOTENCY_KEY


def key_of_request() -> str | None:
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApiError(400, "idempotency_error",
                       f"The {HEADER} header must be 1 to {MAX_KEY_LENGTH} printable characters.", HEADER)
    return key


def request_hash() -> str:
    """Method, path, query and body (canonical JSON when it parses, else the raw bytes)."""
    raw = request.get_data(cache=True)
    try:
        body = simplejson.dumps(current_app.json.loads(raw), sort_keys=True, use_decimal=True,
                                ensure_ascii=True).encode() if raw.strip() else b""
    except (ValueError, RecursionError, TypeError, ArithmeticError):
        body = raw
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(),
                 "&".join(sorted(f"{k}={v}" for k, v in request.args.items(multi=True))).encode(), body):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.response_status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def claim(api_key: ApiKey, key: str) -> tuple[IdempotencyRecord | None, Response | None]:
    """(new pending record, None) for a first use; (None, stored or refusal response) otherwise."""
    db.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEEP_FOR))
    fingerprint = request_hash()
    existing = db.session.scalars(select(IdempotencyRecord).where(
        IdempotencyRecord.api_key_pk == api_key.pk, IdempotencyRecord.key == key)).first()
    if existing is not None:
        if existing.request_hash != fingerprint:
            return None, error_response(ApiError(
                400, "idempotency_error", f"This {HEADER} was already used with another request; "
                "use a new key for a new request.", HEADER))
        if existing.response_status == 0:
            return None, error_response(ApiError(
                409, "idempotency_in_progress", f"A request with this {HEADER} is still in progress.", HEADER))
        return None, _replay(existing)
    record = IdempotencyRecord(api_key_pk=api_key.pk, key=key, request_hash=fingerprint,
                               response_status=0, response_body="")
    db.session.add(record)
    db.session.flush()  # a concurrent first use fails here (IntegrityError) and is retried
    return record, None


def settle(record: IdempotencyRecord, response: Response) -> None:
    """Keep the response for replays, or drop the claim when it must stay retryable."""
    if response.status_code >= 500:
        db.session.delete(record)
    else:
        record.response_status = response.status_code
        record.response_body = response.get_data(as_text=True)
    db.session.flush()
