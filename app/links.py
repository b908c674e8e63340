"""The address links start with, in pages, emails and examples.

``APP_BASE_URL`` when it is set (production: the public https address). When it is not, a
request's links use the address that request came to, so they work on whatever host and port
the app is served on (``make run PORT=8000``); without a request (a command, a background
job) they use ``APP_BASE_URL_FALLBACK``: ``http://HOST:PORT`` from the environment, by default
``http://127.0.0.1:5000``."""
from __future__ import annotations

from functools import cache

from flask import current_app, has_request_context, request

from app import document_types

# Besides the public links, an emailed invitation's path carries a secret token (/join/<token>,
# also quoted inside the login page's ?next=).
INVITATION_PREFIXES = ("/join/", "%2Fjoin%2F")


@cache
def public_prefixes() -> tuple[str, ...]:
    """Every public link carries its document's token right after its type's prefix (/i/<token>,
    /q/<token>/accept, /c/<token>/pdf, …; app/document_types.py): what the request log's
    redaction (app/security.py) and the public links' rate limits (app/public/rate_limits.py) read."""
    return tuple(found.public.prefix for found in document_types.with_public_page())


def token_prefixes() -> tuple[str, ...]:
    """Every path that carries a secret token: the public links and an invitation's. The log's
    redaction and the referrer policy read it."""
    return (*public_prefixes(), *INVITATION_PREFIXES)


def base_url() -> str:
    configured = current_app.config.get("APP_BASE_URL")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return current_app.config["APP_BASE_URL_FALLBACK"]


def public_url(kind: str, token: str) -> str:
    """The client's link to a document of ``kind`` (its type's public prefix, then the token)."""
    return f"{base_url()}{document_types.get(kind).public.prefix}{token}"


def public_invoice_url(token: str) -> str:
    return public_url("invoice", token)


def public_quote_url(token: str) -> str:
    return public_url("quote", token)


def public_credit_note_url(token: str) -> str:
    return public_url("credit_note", token)


def invitation_url(token: str) -> str:
    """The emailed link to an invitation to join a company (the invited user logs in to use it)."""
    return f"{base_url()}/join/{token}"
