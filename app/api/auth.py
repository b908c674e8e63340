"""Who is calling: ``Authorization: Bearer sk_live_…`` and the ``company_id`` it acts on."""
from __future__ import annotations

import hashlib

from flask import request

from app.api.errors import ApiError
from app.models import ApiKey
from app.services import accounts, tenancy
from app.services.tenancy import Actor


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def current_key() -> ApiKey:
    """The live key of the request (its last use recorded in the session), else 401."""
    token = bearer_token()
    if token is None:
        raise ApiError(401, "missing_api_key",
                       "Authenticate with an API key: 'Authorization: Bearer sk_live_…'.")
    key = accounts.find_api_key(token)
    if key is None:
        raise ApiError(401, "invalid_api_key", "The API key is invalid or has been revoked.")
    return key


def actor_for_request(key: ApiKey) -> Actor:
    """The key's user acting in ``?company_id=`` (404 when not a member, like a missing company)."""
    company_id = request.args.get("company_id")
    if company_id is None or not company_id.strip():
        raise ApiError(400, "parameter_missing", "The 'company_id' query parameter is required.",
                       "company_id")
    return tenancy.actor_for(key.user, company_id.strip(), api_key=key)


def rate_limit_key() -> str:
    """Rate limits count per API key (a digest of the presented key), else per address."""
    token = bearer_token()
    if token is not None and token.startswith(accounts.KEY_PREFIX) and len(token) <= 200:
        return "api-key:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    return "addr:" + (request.remote_addr or "unknown")
