"""Rate limits of the public links, kept apart so that guessing cannot lock a client out.

A request for a document that exists counts against that document's token, wherever it comes
from (``PUBLIC_RATE_LIMIT`` for pages and PDFs, ``PUBLIC_DECISION_RATE_LIMIT`` for a quote's
decisions): each link has its own budget. A request whose token matches no document counts
against its address's bucket of misses (``PUBLIC_MISS_RATE_LIMIT``), which a real link never
draws on; so a visitor behind the same proxy or NAT as the client, posting to random
``/q/<token>/accept`` or asking for random ``/i/`` tokens, only ever stops themself."""
from __future__ import annotations

import hashlib

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from app import document_types
from app.extensions import db
from app.public.documents import TOKEN


def page_limit() -> str:
    return current_app.config["PUBLIC_RATE_LIMIT"]


def decision_limit() -> str:
    return current_app.config["PUBLIC_DECISION_RATE_LIMIT"]


def miss_limit() -> str:
    return current_app.config["PUBLIC_MISS_RATE_LIMIT"]


def _token() -> str:
    return str((request.view_args or {}).get("token", ""))


def _exists() -> bool:
    """Whether the request's token is some document's (asked once a request, on a connection
    of its own, so the view's transaction starts as it would without limits)."""
    if "public_token_exists" not in g:
        model = next((found.model for found in document_types.with_public_page()
                      if request.path.startswith(found.public.prefix)), None)
        token, found = _token(), False
        if model is not None and TOKEN.match(token):
            with db.engine.connect() as connection:
                found = connection.execute(
                    select(model.public_token).where(model.public_token == token).limit(1)).first() is not None
        g.public_token_exists = found
    return g.public_token_exists


def is_miss() -> bool:
    return not _exists()


def is_known() -> bool:
    return _exists()


def token_key() -> str:
    """The token's own bucket (its hash: the counter store never holds a live link)."""
    return "public-token:" + hashlib.sha256(_token().encode()).hexdigest()


def miss_key() -> str:
    return "public-miss:" + (get_remote_address() or "")
