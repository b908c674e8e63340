"""A user's own settings, whatever company they act for (DESIGN §17): the dashboard's language."""
from __future__ import annotations

from app.i18n import LANGUAGES
from app.models import User
from app.services import inputs


def set_language(user: User, value: object) -> None:
    """The dashboard's language for ``user``: one of the six, or none ("" or None: the
    browser's Accept-Language picks); raises ValidationError naming the choices."""
    user.language = None if value in (None, "") else inputs.choice(value, "language", LANGUAGES)
