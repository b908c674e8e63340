"""The settings docs/production.md gives a growing business, run for real: the queue on Redis
(``REDIS_URL``) with two ``huey_consumer`` processes, and the rate limits on Redis
(``RATELIMIT_STORAGE_URI``) shared by two app processes (gunicorn), all on one PostgreSQL.
Each recurring period is issued once, each reminder sent once, and a login limit is counted
across both app processes.

They need ``TEST_REDIS_URL`` (a Redis server the tests may empty) and PostgreSQL;
``.ci/run`` starts both for its PostgreSQL run, so there they always run."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

from app.extensions import db
from app.jobs import due, queue
from app.services.tenancy import today_for
from tests.security.helpers import CSRF_INPUT, release
from tests.support.data import PASSWORD
from tests.support.processes import URL, consumer_env
from tests.support.processes import start_server as _start
from tests.support.reads import issued, mails_of, rows

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("TEST_REDIS_URL", "")

pytestmark = [pytest.mark.redis, pytest.mark.commits, pytest.mark.skipif(
    not (REDIS and URL.startswith("postgresql")),
    reason="needs TEST_REDIS_URL=redis://… and TEST_DATABASE_URL=postgresql://… (.ci/run starts both)")]


QUEUE_EVERYTHING = """
from app.jobs import due, tasks
with tasks.app_context():
    due.run_due(dispatch=lambda name, item: [tasks.run_item(name, item) for _ in range(3)])
tasks.tick()
tasks.tick()
"""


def redis_database(number: int) -> str:
    """TEST_REDIS_URL with its own database number, so tests on parallel workers never meet."""
    return urllib.parse.urlsplit(REDIS)._replace(path=f"/{number}").geturl()


@pytest.fixture()
def redis_server(request):
    """A database of the test Redis (one per test), empty before and after; yields its URL."""
    url = redis_database(request.param)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


def _executed(log) -> int:
    """How many ``run_item`` jobs a consumer's log says it began."""
    return len(re.findall(r"Executing app\.jobs\.tasks\.run_item", log.read_text())) if log.exists() else 0


def _stop(processes, sig=signal.SIGINT):
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, sig)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.parametrize("redis_server", [1], indirect=True)
def test_two_consumers_on_redis_issue_each_period_and_send_each_reminder_once(
        app, actor, make_invoice, make_customer, redis_server, tmp_path, make_recurring, make_sent_invoice, switch_on):
    today = today_for(actor.company)
    start = today - timedelta(weeks=3)  # four weekly periods are due, the last one today
    schedules = [make_recurring(actor, make_customer(), interval="week", start_date=start.isoformat())
                 for _ in range(4)]
    switch_on(actor, [{"days": 0}])
    invoices = [make_sent_invoice(actor, due_date=today.isoformat()) for _ in range(6)]
    items = []
    due.run_due(dispatch=lambda name, item: items.append(name))  # what a tick finds: one job per item
    release()
    env = dict(consumer_env(app), REDIS_URL=redis_server)
    logs = [tmp_path / f"consumer-{n}.log" for n in range(2)]
    consumers = []
    for log in logs:
        with open(log, "wb") as output:
            consumers.append(subprocess.Popen(
                [sys.executable, "-m", "huey.bin.huey_consumer", "app.jobs.tasks.huey", "-w", "2", "-k", "thread",
                 "-d", "0.1", "-m", "0.5"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True))
    shared_queue = queue.make_huey(redis_url=redis_server)
    expected_starts = [start + timedelta(weeks=n) for n in range(4)]
    try:
        # Every due item queued three times (three workers' ticks finding the same work at once),
        # then two more ticks: the consumers share them all.
        subprocess.run([sys.executable, "-c", QUEUE_EVERYTHING], cwd=ROOT, env=env, check=True, timeout=120)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and all(process.poll() is None for process in consumers):
            done = (all([i.recurring_period_start for i in issued(rec)] == expected_starts for rec in schedules)
                    and all(rows(invoice) == [(0, "sent")] for invoice in invoices))
            db.session.rollback()  # end the look
            if done and len(shared_queue) == 0:
                break
            time.sleep(0.5)
        # Every queued job has been taken; wait (up to 30 s) until each taken one has been logged as
        # run, since a consumer may still hold a duplicate it has not begun: a duplicate job still
        # running would show now.
        settle = time.monotonic() + 30
        while time.monotonic() < settle and sum(_executed(log) for log in logs) < 3 * len(items):
            time.sleep(0.2)
        time.sleep(1)
    finally:
        _stop(consumers)
    output = [log.read_text() for log in logs]
    assert all(process.returncode is not None for process in consumers)
    executed = [_executed(log) for log in logs]
    print(f"redis-queue: 4 weekly schedules (4 periods due each) and 6 due reminders, each item queued 3 times "
          f"on Redis: 2 huey_consumer processes executed {executed[0]} + {executed[1]} run_item jobs; "
          f"{sum(len(issued(rec)) for rec in schedules)} invoices issued, {len(mails_of(actor.company))} reminders sent")
    for rec in schedules:
        assert [invoice.recurring_period_start for invoice in issued(rec)] == expected_starts, output
    assert [rows(invoice) for invoice in invoices] == [[(0, "sent")]] * 6, output
    assert len(mails_of(actor.company)) == 6  # one reminder each, never twice
    assert len(shared_queue) == 0
    # Both consumers worked and every item ran (the empty queue shows every copy was taken; a copy
    # taken last may not be logged yet when the consumers stop); duplicates did nothing.
    assert sum(executed) >= len(items) and min(executed) > 0


def _post_login(base: str, opener, token: str, password: str) -> int:
    body = urllib.parse.urlencode({"email": "shared@example.com", "password": password, "csrf_token": token})
    try:
        with opener.open(urllib.request.Request(base + "/login", data=body.encode()), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("redis_server", [2], indirect=True)
def test_a_login_limit_is_counted_across_two_app_processes(db, make_account, redis_server):
    make_account(email="shared@example.com")
    release()
    instance = tempfile.mkdtemp(prefix="corebill-redis-")
    log = tempfile.NamedTemporaryFile(prefix="corebill-redis-", suffix=".log", delete=False)
    settings = {"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": redis_server, "LOGIN_RATE_LIMIT": "5 per minute"}
    servers = []
    try:
        servers = [_start(instance, log, **settings), _start(instance, log, **settings)]
        bases = [f"http://127.0.0.1:{server.port}" for server in servers]
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())
        with opener.open(bases[0] + "/login", timeout=60) as page:
            match = CSRF_INPUT.search(page.read().decode())
        token = match.group(1) or match.group(2)
        statuses = [_post_login(bases[n % 2], opener, token, "a wrong passphrase") for n in range(10)]
        right = _post_login(bases[1], opener, token, PASSWORD)
    finally:
        _stop([server.process for server in servers], signal.SIGTERM)
    # With memory:// each process would allow five; on Redis both count into one limit.
    assert statuses == [400] * 5 + [429] * 5, (statuses, Path(log.name).read_text()[-2000:])
    assert right == 429
