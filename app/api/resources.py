"""What every /v1 resource shares (customers, tax rates, invoices, quotes, credit notes,
recurring invoices): its routes under one path, one object answered as ``{"data": …}``, a list
answered as one cursor page ``{"data": […], "has_more": …}`` read from the request's
``limit``, ``starting_after`` and ``ending_before``, and the answer to a deletion."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from flask import request
from pydantic import BaseModel

from app.api.operations import operation
from app.schemas.common import Deleted, EmptyInput
from app.services.pagination import Page, paginate, parse_limit

Statuses = tuple[int, ...]  # error statuses an operation may answer besides those every one may


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
    """The routes of one kind of object: its list and creation under the collection
    (``/quotes``) and the rest under ``path`` (``/quotes/<quote_id>``), each answered with
    ``to_json(actor, found)`` and described as ``model`` (whose name makes the operation ids:
    ``createQuote``, ``listQuotes``, ``sendQuote``…).

    Each registering method, given ``runs=service``, registers the view that calls
    ``service(actor[, object_id][, body])`` (the body when the operation takes fields) and
    returns it; without ``runs`` it decorates a ``view(actor, body, **path_args)`` that calls
    the service itself, and the view keeps its name (the endpoint's)."""

    def __init__(self, path: str, to_json: Callable, model: type[BaseModel]):
        self.path, self.to_json, self.model = path, to_json, model
        self.collection, self.name = path.rsplit("/", 1)[0], model.__name__

    def one(self, actor, found, status: int = 200):
        """``({"data": <the object>}, status)``, as every view returns."""
        return one(self.to_json(actor, found), status)

    def created(self, actor, found):
        return self.one(actor, found, 201)

    def create(self, summary: str, *, body: type[BaseModel], errors: Statuses = (), runs: Callable | None = None):
        """``POST <collection>``: the new object, answered 201."""
        return self._register("post", self.collection, f"create{self.name}", summary, self.created, runs,
                              body=body, status=201, errors=errors)

    def listing(self, summary: str, *, query: type[BaseModel]):
        """``GET <collection>``: the view returns the answered page (see :func:`listed`)."""
        return self._register("get", self.collection, f"list{self.name}s", summary, None, None, query=query,
                              page=True, reads=True)

    def retrieve(self, summary: str, *, answer: bool = True, runs: Callable | None = None):
        """``GET <path>``: the object, answered 200 (without ``answer``, the view answers)."""
        return self._register("get", self.path, f"retrieve{self.name}", summary, self.one if answer else None, runs,
                              reads=True)

    def action(self, name: str | None, summary: str, *, body: type[BaseModel] = EmptyInput, errors: Statuses = (),
               op_id: str | None = None, answers: Resource | None = None, runs: Callable | None = None):
        """``POST <path>/<name>`` (``POST <path>``, the update, without a name), its request
        checked against ``body``: the object, answered 200 (or, with ``answers``, an object
        of that resource, answered 201)."""
        op_id = op_id or f"{name or 'update'}{self.name}"
        if answers is not None:
            return self._register("post", self._rule(name), op_id, summary, answers.created, runs, body=body,
                                  answers=answers.model, status=201, errors=errors)
        return self._register("post", self._rule(name), op_id, summary, self.one, runs, body=body, errors=errors)

    def delete(self, summary: str, *, errors: Statuses = (), runs: Callable | None = None):
        """``DELETE <path>``: the deleted object's id (the service answers the object, or
        its id when the row itself is gone)."""
        return self._register("delete", self.path, f"delete{self.name}", summary,
                              lambda actor, gone: deleted(getattr(gone, "id", gone)), runs, answers=Deleted,
                              errors=errors)

    def download(self, name: str, summary: str, media: str, *, errors: Statuses = (),
                 query: type[BaseModel] | None = None):
        """``GET <path>/<name>``: the view answers the file."""
        op_id = self.name[0].lower() + self.name[1:] + name.capitalize()
        return self._register("get", self._rule(name), op_id, summary, None, None, answers=media, errors=errors,
                              query=query, reads=True)

    def _rule(self, name: str | None) -> str:
        return self.path + (f"/{name}" if name else "")

    def _register(self, method: str, rule: str, op_id: str, summary: str, answer: Callable | None,
                  runs: Callable | None, **described):
        described.setdefault("answers", self.model)

        def register(view):
            @wraps(view)
            def answered(actor, body, **path_args):
                result = view(actor, body, **path_args)
                return result if answer is None else answer(actor, result)
            return operation(method, rule, op_id, summary, **described)(answered)
        if runs is None:
            return register
        return register(_calling(runs, re.sub(r"(?<!^)([A-Z])", r"_\1", op_id).lower(),
                                 described.get("body") not in (None, EmptyInput)))


def _calling(service: Callable, name: str, with_body: bool):
    """The view named ``name`` that calls ``service(actor, *path_args[, body])``."""
    def view(actor, body, **path_args):
        return service(actor, *path_args.values(), *((body,) if with_body else ()))
    view.__name__ = view.__qualname__ = name
    view.__doc__ = f"Calls :func:`{service.__module__}.{service.__qualname__}`."
    return view
