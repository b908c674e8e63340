"""Who is calling: ``Authorization: Bearer sk_live_…`` and the ``company_id`` it acts on."""
from __future__ import annotations

import hashlib

from flask import request

from app.api.errors import ApiError
from app.services import accounts
from app.services.accounts import KeyInCompany
from app.services.errors import NotFound
from app.services.tenancy import Actor, can_be_id


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def requested_company_id() -> str | None:
    """``?company_id=`` stripped; None when missing, blank or holding NUL (refused later)."""
    company_id = (request.args.get("company_id") or "").strip()
    return company_id if can_be_id(company_id) else None


def current_key() -> KeyInCompany:
    """The live key of the request (its last use recorded in the session) and its user's role
    in ``?company_id=``, read together; else 401."""
    token = bearer_token()
    if token is None:
        raise ApiError(401, "missing_api_key",
                       "Authenticate with an API key: 'Authorization: Bearer sk_live_…'.")
    found = accounts.find_api_key_in(token, requested_company_id())
    if found is None:
        raise ApiError(401, "invalid_api_key", "The API key is invalid or has been revoked.")
    return found


def actor_for_request(found: KeyInCompany) -> Actor:
    """The key's user acting in ``?company_id=`` (404 when not a member, like a missing company).
    Called once the address is known to hold no NUL, so None means missing or blank."""
    company_id = requested_company_id()
    if company_id is None:
        raise ApiError(400, "parameter_missing", "The 'company_id' query parameter is required.",
                       "company_id")
    if found.company is None:
        raise NotFound(f"No such company: '{company_id}'.", param="company_id")
    return Actor(company=found.company, role=found.role, user=found.user, api_key=found.key)


def rate_limit_key() -> str:
    """Rate limits count per API key (a digest of the presented key), else per address."""
    token = bearer_token()
    if token is not None and token.startswith(accounts.KEY_PREFIX) and len(token) <= 200:
        return "api-key:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    return "addr:" + (request.remote_addr or "unknown")
