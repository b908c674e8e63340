"""Durability: the real app (gunicorn, SQLite in WAL mode with synchronous=FULL) takes a
stream of API writes from several clients and is killed with SIGKILL mid-stream, then
restarted, several times. Every write that got a success answer must still be there and
``PRAGMA integrity_check`` must be ok.

A SIGKILL loses the process, not the operating system's cache: this proves that no
acknowledged commit is lost and the file is never left half-written by a dying server;
synchronous=FULL (checked below) is what covers a power cut."""
from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.commits

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KILLS = 5
WRITERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(instance: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "TEST_DATABASE_URL", "APP_BASE_URL")}
    env.update(INSTANCE_PATH=instance, SECRET_KEY="durability-test", RATELIMIT_ENABLED="0", FLASK_APP="wsgi",
               PYTHONUNBUFFERED="1")
    return env


def _flask(env, *args) -> str:
    result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


class Server:
    def __init__(self, env, port, log):
        self.env, self.port, self.log, self.process = env, port, log, None

    def start(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "1",
             "wsgi:app"], cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/v1/openapi.json")
                if connection.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)  # master and workers at once, no clean-up
        self.process.wait(10)


def _writer(port_box, key, company, stop, acknowledged, counts, lock, number):
    n = 0
    while not stop.is_set():
        n += 1
        body = json.dumps({"name": f"Durable {number}-{n}", "country": "US", "email": f"d{number}-{n}@example.com"})
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port_box[0], timeout=10)
            connection.request("POST", f"/v1/customers?company_id={company}", body=body,
                               headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
            with lock:
                if response.status == 201:
                    acknowledged.append(json.loads(payload)["data"]["id"])
                else:
                    counts["other"] += 1
                    counts.setdefault("statuses", set()).add(response.status)
        except (OSError, http.client.HTTPException):
            with lock:
                counts["unanswered"] += 1
            time.sleep(0.05)


def test_acknowledged_writes_survive_sigkill(figure):
    instance = tempfile.mkdtemp(prefix="corebill-durability-")
    env = _env(instance)
    _flask(env, "db", "upgrade")
    company = _flask(env, "create-account", "--email", "durable@example.com", "--password", "durable password 1",
                     "--company", "Durable Ltd")
    key = _flask(env, "create-api-key", "--email", "durable@example.com")
    port_box = [_free_port()]
    stop, lock = threading.Event(), threading.Lock()
    acknowledged, counts = [], {"unanswered": 0, "other": 0}
    rng = random.Random(11)
    with open(Path(instance) / "server.log", "ab") as log:
        server = Server(env, port_box[0], log)
        server.start()
        writers = [threading.Thread(target=_writer, args=(port_box, key, company, stop, acknowledged, counts, lock, n))
                   for n in range(WRITERS)]
        for thread in writers:
            thread.start()
        try:
            for cycle in range(KILLS):
                time.sleep(rng.uniform(0.8, 2.0))
                server.kill()
                if cycle < KILLS - 1:
                    server.start()
            time.sleep(0.3)
        finally:
            stop.set()
            for thread in writers:
                thread.join(30)
            if server.process.poll() is None:
                server.kill()
    database = sqlite3.connect(Path(instance) / "corebill.db")
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    journal = database.execute("PRAGMA journal_mode").fetchone()[0]
    stored = {row[0] for row in database.execute("SELECT id FROM customers")}
    database.close()
    lost = [cid for cid in acknowledged if cid not in stored]
    figure("durability", f"{KILLS} SIGKILLs of gunicorn during {WRITERS} streams of API writes: "
                         f"{len(acknowledged)} writes acknowledged, {len(lost)} lost; {counts['unanswered']} requests "
                         f"cut off unanswered; {len(stored)} rows stored; integrity_check {integrity}; journal {journal}")
    assert len(acknowledged) > 50
    assert integrity == "ok" and journal == "wal"
    assert not lost, lost[:10]
    assert counts["other"] == 0, counts


def test_sqlite_connections_use_wal_and_full_sync(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings; the suite runs on PostgreSQL")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        connection.rollback()
