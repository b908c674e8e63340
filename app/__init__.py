"""Corebill: self-hosted invoicing. ``create_app`` wires extensions, blueprints, errors, CLI."""
import os

from flask import Flask, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config, sqlite  # noqa: F401  (sqlite: connection settings)
from app.extensions import csrf, db, limiter, login_manager, migrate

TEMPLATES = os.path.join(config.PROJECT_ROOT, "templates")
STATIC = os.path.join(config.PROJECT_ROOT, "static")


def create_app(test_config: dict | None = None) -> Flask:
    instance = (test_config or {}).get("INSTANCE_PATH") or config.instance_path()
    os.makedirs(instance, exist_ok=True)
    app = Flask(__name__, instance_path=instance, template_folder=TEMPLATES, static_folder=STATIC)
    app.config.from_mapping(config.from_environment(instance))
    if test_config:
        app.config.from_mapping(test_config)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errors_and_headers(app)
    register_cli(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client's address (rate limits, a quote's
    decision), scheme (HSTS, secure links) and host come from their X-Forwarded-* headers."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from app.json import DecimalJSONProvider

    app.json = DecimalJSONProvider(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(config.PROJECT_ROOT, "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from app.i18n import init_i18n

    init_i18n(app)
    from app.webhooks import events, payloads  # noqa: F401  (payloads: events are written at each commit)

    # Deliveries wait for the worker's tick or `flask run-due`, unless the app is made by wsgi.py
    # or the worker (app.jobs.tasks.install_dispatcher: a job per new delivery, WEBHOOKS_QUEUE).
    events.install(app, None)
    import app.models  # noqa: F401  (registers the tables)
    from app.web.session import init_login

    init_login(app)


def register_blueprints(app: Flask) -> None:
    from app.web import register_web

    register_web(app)
    from app.api import register_api

    register_api(app)
    from app.public import register_public

    register_public(app)
    from app.online_payments.webhook import bp as stripe_webhook

    app.register_blueprint(stripe_webhook)

    @app.get("/favicon.ico")
    def favicon():
        """Browsers, feed readers and link previews ask for it whatever the page says."""
        return send_from_directory(app.static_folder, "favicon.ico", max_age=7 * 24 * 3600)


def register_errors_and_headers(app: Flask) -> None:
    from app.errors import init_error_handlers
    from app.presentation import init_presentation
    from app.security import init_security_headers

    init_error_handlers(app)
    init_security_headers(app)
    init_presentation(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)
