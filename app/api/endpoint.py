"""How every /v1 operation runs: authenticate, resolve the company, honour an
Idempotency-Key, run the action, answer JSON, and commit once.

A view decorated with :func:`endpoint` is called as ``view(actor, body, **path_args)`` and
returns ``(document, status)`` or a ready :class:`flask.Response` (e.g. a PDF). ``body`` is
what the request's JSON object gives, as its ``body`` model validated it (a dict made with
``model_dump(exclude_unset=True)``, so the services never see a field the model does not
declare and do not re-declare the fields they accept); ``None`` without a model. The action
runs in a savepoint: when it raises a service error it changes nothing, yet the key's last
use (and the idempotency record) are still committed, in the request's single commit. A view
marked ``@endpoint(reads=True)`` (lists, retrieves, the PDF) writes nothing, so it runs
without the savepoint (two fewer round trips per request), and reads one snapshot of the
database: an invoice's totals and its payments agree even while a payment is being recorded.
"""
from __future__ import annotations

from functools import wraps

from flask import Response, jsonify, request
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.api import auth, idempotency
from app.api.body import check_size, json_body
from app.api.errors import ApiError, error_response
from app.extensions import db
from app.schemas.validation import check
from app.security import nul_in_path, nul_query_parameter
from app.services import lost_to_a_concurrent_write, read_one_snapshot, transaction
from app.services.errors import ServiceError

# A unique-index race (same Idempotency-Key, same slug…) or a read's write that met another
# request's (the key's last use) is retried once: the first attempt changed nothing.
ATTEMPTS = 2


def endpoint(func=None, *, reads: bool = False, body: type[BaseModel] | None = None,
             query: type[BaseModel] | None = None):
    """``@endpoint`` for any view; ``@endpoint(reads=True)`` for a view that only reads.
    ``body`` and ``query`` are the :mod:`app.schemas` models the request is checked against
    before the view runs (and that the OpenAPI document shows)."""
    if func is None:
        return lambda view_func: endpoint(view_func, reads=reads, body=body, query=query)

    @wraps(func)
    def view(**path_args):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return _run(func, path_args, reads, body, query)
            except DBAPIError as error:
                retry = isinstance(error, IntegrityError) or lost_to_a_concurrent_write(error)
                if not retry or attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")
    return view


def _run(func, path_args: dict, reads: bool, body_model, query_model) -> Response:
    with transaction():
        if reads:
            read_one_snapshot()
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
            response = _act(func, actor, path_args, reads, body_model, query_model)
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


def _act(func, actor, path_args: dict, reads: bool, body_model, query_model) -> Response:
    if query_model is not None:
        check(query_model, request.args.to_dict())
    body = json_body() if request.method == "POST" else None
    if body_model is not None:  # the services get the fields the request gives, as the model validated them
        body = check(body_model, body).model_dump(exclude_unset=True)
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
