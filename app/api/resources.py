"""What every /v1 resource shares (customers, tax rates, invoices, quotes, credit notes,
recurring invoices): its routes under one path, one object answered as ``{"data": …}``, a list
answered as one cursor page ``{"data": […], "has_more": …}`` read from the request's
``limit``, ``starting_after`` and ``ending_before``, and the answer to a deletion."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import request
from pydantic import BaseModel

from app.api.blueprint import bp
from app.api.endpoint import endpoint
from app.schemas.common import EmptyInput
from app.services.pagination import Page, paginate, parse_limit


def one(data: dict, status: int = 200):
    """``({"data": data}, status)``, as every view answering one object returns."""
    return {"data": data}, status


def deleted(object_id: str):
    """The answer to a deletion."""
    return one({"id": object_id, "deleted": True})


def cursor() -> dict:
    """The request's page: ``limit`` (checked), ``starting_after`` and ``ending_before``."""
    args = request.args
    return {"limit": parse_limit(args.get("limit")), "starting_after": args.get("starting_after"),
            "ending_before": args.get("ending_before")}


def listed(page: Page, data: list):
    """``data`` (the objects of ``page``, answered) and whether more follow."""
    return {"data": data, "has_more": page.has_more}, 200


def paginated(query, model, to_json: Callable, *, cursor_scope=None):
    """The request's page of ``query`` (cursors looked up in ``cursor_scope``, by default
    ``query``), each object answered as ``to_json(object)``."""
    page = paginate(query, model, **cursor(), cursor_scope=cursor_scope)
    return listed(page, [to_json(found) for found in page.items])


class Resource:
    """The routes under ``path`` (``/quotes/<quote_id>``) of one kind of object, answered with
    ``to_json(actor, found)``. Each registering method decorates a
    ``view(actor, body, **path_args)`` that runs the service; the view keeps its name (the
    endpoint's, and the one the OpenAPI table names)."""

    def __init__(self, path: str, to_json: Callable):
        self.path, self.to_json = path, to_json

    def one(self, actor, found, status: int = 200):
        """``({"data": <the object>}, status)``, as every view returns."""
        return one(self.to_json(actor, found), status)

    def retrieve(self):
        """Registers ``GET <path>``: the view returns the object, answered 200."""
        return self._register("get", None, self.one, reads=True)

    def action(self, name: str | None = None, *, body: type[BaseModel] = EmptyInput):
        """Registers ``POST <path>/<name>`` (``POST <path>``, the update, without a name), its
        request checked against ``body``: the view returns the object, answered 200."""
        return self._register("post", name, self.one, body=body)

    def delete(self):
        """Registers ``DELETE <path>``: the view returns the deleted object's id."""
        return self._register("delete", None, lambda actor, object_id: deleted(object_id))

    def _register(self, method: str, name: str | None, answer: Callable, **checks):
        def register(view):
            @wraps(view)
            def answered(actor, body, **path_args):
                return answer(actor, view(actor, body, **path_args))
            rule = self.path + (f"/{name}" if name else "")
            return getattr(bp, method)(rule)(endpoint(**checks)(answered))
        return register
