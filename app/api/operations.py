"""Every /v1 operation is registered once, by :func:`operation`, with what the OpenAPI
document says of it: its id and summary, the request's body and query models (the ones
:func:`app.api.endpoint.endpoint` checks requests against), what it answers and with which
status, and the error statuses it may add. :mod:`app.api.openapi` reads :data:`OPERATIONS`;
it keeps no table of its own, so a route cannot be missing from the document."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.endpoint import endpoint


@dataclass(frozen=True)
class Operation:
    method: str  # "get", "post" or "delete"
    rule: str  # the Flask rule under /v1 ("/invoices/<invoice_id>/send")
    view: Callable  # the registered view (its name is the endpoint's)
    op_id: str
    summary: str
    answers: type[BaseModel] | str | tuple[str, ...]  # an object answered as {"data": …}, or a file's media type(s)
    status: int = 200
    page: bool = False  # a cursor page of ``answers``
    errors: tuple[int, ...] = ()  # error statuses besides those every operation may answer
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None

    @property
    def path(self) -> str:
        """The document's path: ``/v1/invoices/{id}/send``."""
        return re.sub(r"<[^>]+>", "{id}", bp.url_prefix + self.rule)


OPERATIONS: list[Operation] = []


def operation(method: str, rule: str, op_id: str, summary: str, *, answers, reads: bool = False, **described):
    """Registers the decorated ``view(actor, body, **path_args)`` as ``method rule`` (run by
    :func:`~app.api.endpoint.endpoint`, checked against ``body`` and ``query``) and
    describes it in the OpenAPI document."""
    checks = {name: described.get(name) for name in ("body", "query")}

    def register(view):
        registered = bp.route(rule, methods=[method.upper()])(endpoint(view, reads=reads, **checks))
        OPERATIONS.append(Operation(method, rule, registered, op_id, summary, answers, **described))
        return registered
    return register
