"""The five Stripe calls the product makes (DESIGN §16), through the official ``stripe``
package, pointed at ``STRIPE_API_BASE`` with a timeout on every request. Answers are plain
dicts; every Stripe error becomes :class:`ProviderRefused` naming Stripe's message."""
from __future__ import annotations

import stripe
from flask import current_app

from app.i18n import _
from app.services.errors import ProviderRefused

NETWORK_RETRIES = 2  # the package retries only what is safe (every POST carries an idempotency key)


def _client(secret_key: str) -> stripe.StripeClient:
    config = current_app.config
    return stripe.StripeClient(secret_key, base_addresses={"api": config["STRIPE_API_BASE"]},
                               http_client=stripe.RequestsClient(timeout=config["STRIPE_TIMEOUT"]),
                               max_network_retries=NETWORK_RETRIES)


def _call(make):
    try:
        return make().to_dict()
    except stripe.APIConnectionError as error:
        raise ProviderRefused(_("Stripe could not be reached: %(reason)s", reason=error.user_message)
                              if error.user_message else _("Stripe could not be reached: no answer")) from None
    except stripe.StripeError as error:
        raise ProviderRefused(_("Stripe refused: %(reason)s", reason=error.user_message)
                              if error.user_message else _("Stripe refused: no reason given")) from None


def account(secret_key: str) -> dict:
    """``GET /v1/account``: the account the key belongs to ("Test connection")."""
    return _call(lambda: _client(secret_key).v1.accounts.retrieve_current())


def open_session(secret_key: str, params: dict, idempotency_key: str) -> dict:
    """``POST /v1/checkout/sessions``."""
    return _call(lambda: _client(secret_key).v1.checkout.sessions.create(
        params=params, options={"idempotency_key": idempotency_key}))


def session(secret_key: str, session_id: str) -> dict:
    """``GET /v1/checkout/sessions/{id}``."""
    return _call(lambda: _client(secret_key).v1.checkout.sessions.retrieve(session_id))


def expire_session(secret_key: str, session_id: str) -> dict:
    """``POST /v1/checkout/sessions/{id}/expire``."""
    return _call(lambda: _client(secret_key).v1.checkout.sessions.expire(session_id))


def refund(secret_key: str, params: dict, idempotency_key: str) -> dict:
    """``POST /v1/refunds``."""
    return _call(lambda: _client(secret_key).v1.refunds.create(params=params,
                                                                options={"idempotency_key": idempotency_key}))
