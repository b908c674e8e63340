"""Who is calling: ``Authorization: Bearer sk_live_…`` and the ``company_id`` it acts on."""
from __future__ import annotations

import hashlib

from flask import request
from sqlalchemy import select

from app.api.errors import ApiError
from app.extensions import db
from app.models import ApiKey, Company, Membership, User
from app.services import accounts
from app.services.errors import NotFound
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
    """The key's user acting in ``?company_id=`` (404 when not a member, like a missing company).

    One query loads the user, the membership and the company together (the answer of
    :func:`app.services.tenancy.actor_for`, without a separate round trip for ``key.user``)."""
    company_id = request.args.get("company_id")
    if company_id is None or not company_id.strip():
        raise ApiError(400, "parameter_missing", "The 'company_id' query parameter is required.",
                       "company_id")
    company_id = company_id.strip()
    row = db.session.execute(
        select(User, Membership.role, Company)
        .join(User.memberships).join(Membership.company)
        .where(User.pk == key.user_pk, Company.id == company_id)
    ).first()
    if row is None:
        raise NotFound(f"No such company: '{company_id}'.", param="company_id")
    user, role, company = row
    return Actor(company=company, role=role, user=user, api_key=key)


def rate_limit_key() -> str:
    """Rate limits count per API key (a digest of the presented key), else per address."""
    token = bearer_token()
    if token is not None and token.startswith(accounts.KEY_PREFIX) and len(token) <= 200:
        return "api-key:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    return "addr:" + (request.remote_addr or "unknown")
