"""What the /v1 routes of every kind of document share (invoices, quotes, credit notes,
recurring invoices): one document answered as ``{"data": …}``, the routes that run a service
action on one document and answer it, the PDF, and the answer to a deletion (customers' too)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from pydantic import BaseModel

from app.api import bp
from app.api.endpoint import endpoint
from app.api.errors import ApiError
from app.documents.pdf import RenderFailed, pdf_response
from app.schemas.common import EmptyInput


class DocumentRoutes:
    """The routes under ``path`` (``/quotes/<quote_id>``) of one kind of document, answered
    with ``to_json(actor, document)``."""

    def __init__(self, path: str, to_json: Callable):
        self.path, self.to_json = path, to_json

    def one(self, actor, document, status: int = 200):
        """``({"data": <the document>}, status)``, as every view returns."""
        return {"data": self.to_json(actor, document)}, status

    def action(self, name: str | None = None, *, body: type[BaseModel] = EmptyInput):
        """Registers ``POST <path>/<name>`` (``POST <path>``, the update, without a name), its
        request checked against ``body``: the decorated ``view(actor, body, **path_args)``
        runs the service action and returns the document, answered 200. The view keeps its
        name (the endpoint's, and the one the OpenAPI table names)."""
        def register(view):
            @wraps(view)
            def answered(actor, body, **path_args):
                return self.one(actor, view(actor, body, **path_args))
            return bp.post(self.path + (f"/{name}" if name else ""))(endpoint(body=body)(answered))
        return register


def deleted(object_id: str):
    """The answer to a deletion."""
    return {"data": {"id": object_id, "deleted": True}}, 200


def pdf_download(document, render):
    """The document's PDF as a download; a render that fails is a 503 ``render_failed``."""
    try:
        rendered = render(document)
    except RenderFailed as error:
        raise ApiError(503, "render_failed", str(error)) from None
    return pdf_response(document, document=rendered)
