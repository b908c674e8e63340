"""Shared helpers for the security tests: logged-in clients, tokens read from pages,
whole-database snapshots, and a second app built with other settings."""
from __future__ import annotations

import os
import re
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db, limiter
from tests.support.data import PASSWORD

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class FreshClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The ``db`` fixture keeps an app context open for the whole test, and a request made
    inside it would share ``g`` (Flask-Login's cached user, the current actor) and the
    database session with every other request of the test, whatever client sent it."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def client_of(app) -> FreshClient:
    return FreshClient(app, app.response_class, use_cookies=True)


def release() -> None:
    """End the test's own transaction (on SQLite it holds the write lock)."""
    db.session.commit()


def logged_in(app, email: str, password: str = PASSWORD, client=None):
    release()
    client = client or client_of(app)
    data = {"email": email, "password": password}
    match = CSRF_INPUT.search(client.get("/login").get_data(as_text=True))
    if match:
        data["csrf_token"] = match.group(1) or match.group(2)
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def csrf_token_of(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no csrf_token input on {path}"
    return match.group(1) or match.group(2)


@contextmanager
def csrf_on(app):
    previous = app.config.get("WTF_CSRF_ENABLED", True)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = previous


def database_rows() -> dict[str, set]:
    """Every row of every table, as text (the test databases are small)."""
    connection = db.session.connection()
    dump = {}
    for table in db.metadata.sorted_tables:
        rows = connection.execute(select(table)).all()
        dump[table.name] = {tuple(str(value) for value in row) for row in rows}
    release()
    return dump


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]


@contextmanager
def other_app(base_app, environ: dict | None = None, **config):
    """A second app on the same database, configured from ``environ`` (as production is)
    plus ``config``. The rate limiter is one shared extension: its switch is put back after."""
    saved_env = {name: os.environ.get(name) for name in (environ or {})}
    os.environ.update(environ or {})
    was_enabled = limiter.enabled
    try:
        settings = {"TESTING": True, "INSTANCE_PATH": tempfile.mkdtemp(prefix="corebill-sec-"),
                    "SECRET_KEY": "test-secret", "MAIL_SERVER": None,
                    "SQLALCHEMY_DATABASE_URI": base_app.config["SQLALCHEMY_DATABASE_URI"],
                    "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
        settings.update(config)
        application = create_app(settings)
        try:
            yield application
        finally:
            with application.app_context():
                db.session.remove()
                db.engine.dispose()  # no idle connection of this app outlives the test
    finally:
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        try:
            limiter.reset()
        except Exception:  # noqa: BLE001  (a storage that cannot reset is simply left)
            pass
        limiter.enabled = was_enabled


class ThreadedServer:
    """The app behind werkzeug's real HTTP server (its request log included)."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)

    def call(self, method, path, data=None, headers=None, jar=None):
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
