"""Public links: invoices /i/<token> (DESIGN §8), credit notes /c/<token> (§11), quotes /q/<token> (§12)."""
from flask import Blueprint, Flask, current_app

from app.extensions import limiter

bp = Blueprint("public", __name__)


def _rate_limit() -> str:
    return current_app.config.get("PUBLIC_RATE_LIMIT", "120 per minute")


# Every visitor view writes an activity, so a link cannot be used to flood the database.
limiter.limit(_rate_limit)(bp)

from app.public import credit_notes, quotes, views  # noqa: E402,F401  (routes)


def register_public(app: Flask) -> None:
    app.register_blueprint(bp)
