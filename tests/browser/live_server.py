"""A real Corebill server for the browser tests: a fresh app on a temporary SQLite database
(migrated with flask_migrate.upgrade), CSRF on, served by werkzeug in a thread on a free port
of 127.0.0.1; how Debian's Chromium is launched through Playwright; screenshots and console
errors. The fixtures are in conftest.py."""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


class LiveServer:
    def __init__(self):
        self.instance = tempfile.mkdtemp(prefix="corebill-browser-")
        self.app = create_app({
            "TESTING": False, "INSTANCE_PATH": self.instance, "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(self.instance, "browser.db"),
            "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False, "MAIL_SERVER": None,
            "APP_BASE_URL": "http://127.0.0.1",
        })
        with self.app.app_context():
            upgrade()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.app.config["APP_BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()
        with self.app.app_context():
            db.engine.dispose()
        shutil.rmtree(self.instance, ignore_errors=True)


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def watch_console(page) -> list[str]:
    """Collects console errors and page errors (a CSP violation shows up here)."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems
