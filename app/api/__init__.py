"""The JSON API under /v1 (DESIGN §6)."""
from flask import Blueprint, Flask, current_app, request

from app.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/v1")


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _exempt() -> bool:
    return request.endpoint == "api.openapi_document"


from app.api import auth  # noqa: E402

# Per API key, on every /v1 route; the limit string is read from the config per request.
limiter.limit(_rate_limit, key_func=auth.rate_limit_key, exempt_when=_exempt)(bp)

from app.api import company, customers, einvoices, openapi, tax_rates  # noqa: E402,F401  (routes)
from app.api.errors import register_error_handlers  # noqa: E402
from app.credit_notes import api as credit_notes_api  # noqa: E402,F401  (routes)
from app.invoices import api as invoices_api  # noqa: E402,F401  (routes)
from app.quotes import api as quotes_api  # noqa: E402,F401  (routes)
from app.recurring import api as recurring_api  # noqa: E402,F401  (routes)

register_error_handlers(bp)


def register_api(app: Flask) -> None:
    from app.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
