"""What the pages a client opens by a document's link share (invoices /i/, quotes /q/, credit
notes /c/): the token's shape, the document it names (a 404 for a malformed or unknown token
and a deleted document), whether the visitor is a member of its company (previewing, never
recorded), the first view recorded, and the headers that keep the page private."""
from __future__ import annotations

import re
from collections.abc import Callable

from flask import abort, make_response, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.i18n import read_by
from app.services import transaction
from app.services.errors import NotFound
from app.services.tenancy import actor_for

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43,64}$")  # secrets.token_urlsafe(32): 256 bits
NOT_INDEXED = {"X-Robots-Tag": "noindex, nofollow"}
PRIVATE = {"Cache-Control": "no-store", **NOT_INDEXED}


def by_token(model, token: str):
    """The document of ``model`` (with its company and items) whose link is ``token``; a 404
    when the token is malformed or names no document, or a deleted one."""
    if not TOKEN.match(token):
        abort(404)
    document = db.session.scalars(
        select(model).where(model.public_token == token, model.deleted_at.is_(None))
        .options(joinedload(model.company), selectinload(model.items))).first()
    if document is None:
        abort(404)
    read_by(document)  # the client's page is in its document's language (DESIGN §17)
    return document


def is_member(document) -> bool:
    """Whether the visitor is logged in as a member of the document's company."""
    if not current_user.is_authenticated:
        return False
    try:
        actor_for(current_user, document.company.id)
    except NotFound:
        return False
    return True


def previewing(document, *, viewable: bool) -> bool:
    """Whether a member previews the document; one not ``viewable`` by its client (its life-cycle
    table's "view" rule: a draft has not been sent) is a 404 for anyone else."""
    preview = is_member(document)
    if not viewable and not preview:
        abort(404)
    return preview


def record_view(document, preview: bool, record: Callable) -> None:
    """A visitor's view, ``record``-ed in its own transaction; a member's preview and a HEAD
    (link checkers) are not views."""
    if not preview and request.method == "GET":
        with transaction():
            record(document)


def private(body, status: int = 200, *, more: dict | None = None):
    """A response never cached nor indexed, with the headers ``more`` too."""
    response = make_response(body, status)
    response.headers.update({**PRIVATE, **(more or {})})
    return response
