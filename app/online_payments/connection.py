"""A company's Stripe connection (DESIGN §16): its secret key and webhook signing secret,
sealed at rest (app/sealed.py) and read back only to call Stripe or check a webhook."""
from __future__ import annotations

from flask import current_app

from app import sealed
from app.models import Company


def _open(value: str | None) -> str | None:
    return None if value is None else sealed.unseal(value, current_app.config["SECRET_KEY"])


def secret_key(company: Company) -> str | None:
    """The company's Stripe secret key, or None when it is not connected."""
    return _open(company.stripe_secret_key_sealed)


def webhook_secret(company: Company) -> str | None:
    return _open(company.stripe_webhook_secret_sealed)
