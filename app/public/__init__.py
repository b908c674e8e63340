"""Public invoice links /i/<token> (DESIGN §8)."""
from flask import Blueprint, Flask

bp = Blueprint("public", __name__)


def register_public(app: Flask) -> None:
    app.register_blueprint(bp)
