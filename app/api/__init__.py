"""The JSON API under /v1 (DESIGN §6)."""
from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/v1")


def register_api(app: Flask) -> None:
    from app.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
