"""How every /v1 operation runs: authenticate, resolve the company, honour an
Idempotency-Key, run the action, answer JSON, and commit once.

A view decorated with :func:`endpoint` is called as ``view(actor, body, **path_args)`` and
returns ``(document, status)`` or a ready :class:`flask.Response` (e.g. a PDF). ``body`` is
the request's JSON object for POST, else ``None``. The action runs in a savepoint: when it
raises a service error it changes nothing, yet the key's last use (and the idempotency
record) are still committed, in the request's single commit. A view marked
``@endpoint(reads=True)`` (lists and retrieves) writes nothing, so it runs without the
savepoint: two fewer round trips per request.
"""
from __future__ import annotations

from functools import wraps

from flask import Response, jsonify, request
from sqlalchemy.exc import IntegrityError

from app.api import auth, idempotency
from app.api.body import check_size, json_body
from app.api.errors import ApiError, error_response
from app.extensions import db
from app.security import nul_in_path, nul_query_parameter
from app.services import transaction
from app.services.errors import ServiceError

ATTEMPTS = 2  # a unique-index race (same Idempotency-Key, same slug…) is retried once


def endpoint(func=None, *, reads: bool = False):
    """``@endpoint`` for any view; ``@endpoint(reads=True)`` for a view that only reads."""
    if func is None:
        return lambda view_func: endpoint(view_func, reads=reads)

    @wraps(func)
    def view(**path_args):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return _run(func, path_args, reads)
            except IntegrityError:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")
    return view


def _run(func, path_args: dict, reads: bool) -> Response:
    with transaction():
        found = auth.current_key()  # 401 leaves the handler: nothing to record
        record = None
        try:
            _refuse_nul(path_args)
            actor = auth.actor_for_request(found)
            idempotency_key = idempotency.key_of_request()
            if idempotency_key is not None:
                check_size()
                record, stored = idempotency.claim(found.key, idempotency_key)
                if stored is not None:
                    return stored
            response = _act(func, actor, path_args, reads)
        except (ApiError, ServiceError) as error:
            response = error_response(error)
        if record is not None:
            idempotency.settle(record, response)
        return response


def _refuse_nul(path_args: dict) -> None:
    """NUL cannot be stored or compared by PostgreSQL: such an id names nothing."""
    if nul_in_path(path_args):
        raise ApiError(404, "resource_missing", "No such object.", "id")
    name = nul_query_parameter()
    if name is not None:
        raise ApiError(400, "invalid", f"{name}: Must not contain NUL characters.", name)


def _act(func, actor, path_args: dict, reads: bool) -> Response:
    body = json_body() if request.method == "POST" else None
    if reads:
        return _respond(func(actor, body, **path_args))
    with db.session.begin_nested():
        result = func(actor, body, **path_args)
        db.session.flush()
        response = _respond(result)
    return response


def _respond(result) -> Response:
    if isinstance(result, Response):
        return result
    document, status = result
    response = jsonify(document)
    response.status_code = status
    return response
