"""Register, log in, log out, switch company."""
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.extensions import limiter
from app.i18n import _
from app.services import accounts, transaction
from app.services.errors import NotFound, ValidationError
from app.services.tenancy import actor_for, landing_company
from app.web.forms import LoginForm, RegisterForm, first_settings

bp = Blueprint("auth", __name__)


def is_safe_next(target: str | None) -> bool:
    """Only a path of this site: no scheme, no host, no '//' or '/\\' tricks, even encoded."""
    if not target or len(target) > 2000:
        return False
    for candidate in (target, unquote(target), unquote(unquote(target))):
        if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
            return False
        if any(ord(char) < 32 or char == "\\" for char in candidate):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True


def _login_email_key() -> str:
    return "login-email:" + (request.form.get("email") or "").strip().lower()[:254]


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user, company_id: str) -> None:
    session.clear()  # a fresh session at login (no fixation)
    login_user(user)
    session["company_id"] = company_id


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])  # per client address: each try hashes a password
def register():
    next_url = request.args.get("next")
    next_url = next_url if is_safe_next(next_url) else None  # e.g. an invitation's link
    if current_user.is_authenticated:
        return redirect(next_url or url_for("overview.index"))
    form = RegisterForm(data=first_settings(request.accept_languages.best))
    if form.validate_on_submit():
        try:
            with transaction():
                user, company = accounts.register(form.email.data, form.password.data, form.company_name.data,
                                                  form.name.data, **form.company_settings())
        except ValidationError as error:
            for field, message in error.errors.items():
                getattr(form, field, form.company_name).errors.append(message)
        else:
            _start_session(user, company.id)
            flash(_("Welcome to Corebill, %(company)s is ready.", company=company.name), "success")
            return redirect(next_url or url_for("overview.index"))
    return render_template("auth/register.html", form=form, next_url=next_url), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_email_key)
def login():
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("overview.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Email or password is not right."))
        else:
            company = landing_company(user)  # the company last used, while they still belong to it
            _start_session(user, company.id if company is not None else "")
            return redirect(next_url if is_safe_next(next_url) else url_for("overview.index"))
    return render_template("auth/login.html", form=form, next_url=next_url if is_safe_next(next_url) else None), \
        400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    with transaction():
        accounts.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/switch-company")
@login_required
def switch_company():
    company_id = request.form.get("company_id")
    try:
        actor = actor_for(current_user, company_id)
    except NotFound:
        abort(404)
    with transaction():
        accounts.use_company(actor.user, actor.company)  # the next login lands here
    session["company_id"] = actor.company.id
    return redirect(url_for("overview.index"))
