"""Login sessions (Flask-Login) and the current company of a dashboard user."""
import hmac

from flask import Flask, g, session
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db, login_manager
from app.i18n import _l
from app.models import User
from app.services.errors import NotFound
from app.services.tenancy import Actor, actor_for, landing_company


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.localize_callback = str  # worded in the reader's language as it is flashed
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(session_id: str):
        user_id, _, token = (session_id or "").partition(":")
        user = db.session.scalars(select(User).where(User.id == user_id)).first()
        if user is None or not token or not hmac.compare_digest(user.session_token, token):
            return None
        return user


def current_actor() -> Actor | None:
    """The logged-in user acting on the company chosen in the session (else the one they last
    used, else their oldest membership)."""
    if "actor" in g:
        return g.actor
    actor = None
    if current_user.is_authenticated:
        try:
            actor = actor_for(current_user, session.get("company_id"))
        except NotFound:
            company = landing_company(current_user)
            if company is not None:
                actor = actor_for(current_user, company.id)
                session["company_id"] = actor.company.id
    g.actor = actor
    return actor
