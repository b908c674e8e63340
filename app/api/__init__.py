"""The JSON API under /v1 (DESIGN §6)."""
from flask import Flask, current_app, request

from app.api.blueprint import bp
from app.extensions import limiter


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _exempt() -> bool:
    return request.endpoint == "api.openapi_document"


from app.api import auth  # noqa: E402

# Per API key, on every /v1 route; the limit string is read from the config per request.
limiter.limit(_rate_limit, key_func=auth.rate_limit_key, exempt_when=_exempt)(bp)

from app import document_types  # noqa: E402
from app.api import bank_accounts, company, customers, einvoices, tax_rates  # noqa: E402,F401  (routes)
from app.api.errors import register_error_handlers  # noqa: E402
from app.exports import api as _exports  # noqa: E402,F401  (routes)

for _type in document_types.all_types():  # each document type's routes (its descriptor names them)
    for _module in _type.api.modules:
        document_types.resolve(_module)

from app.api import openapi  # noqa: E402,F401  (routes)
from app.webhooks import api as webhooks_api  # noqa: E402,F401  (routes)

register_error_handlers(bp)


def register_api(app: Flask) -> None:
    from app.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
