"""The API's blueprint under /v1. The route modules add their views to it; :mod:`app.api`
imports them all, puts the rate limit and the JSON errors on it and registers it (the route
modules import this module, not :mod:`app.api`, which imports them)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/v1")
