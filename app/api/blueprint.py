"""The API's blueprint under /v1, its rate limit (per API key) and its JSON errors; the route
modules add their views to it, and :mod:`app.api` imports them all and registers it."""
from flask import Blueprint, current_app, request

from app.api import auth
from app.api.errors import register_error_handlers
from app.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/v1")


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _exempt() -> bool:
    return request.endpoint == "api.openapi_document"


# Per API key, on every /v1 route; the limit string is read from the config per request.
limiter.limit(_rate_limit, key_func=auth.rate_limit_key, exempt_when=_exempt)(bp)
register_error_handlers(bp)
