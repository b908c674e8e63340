"""The worker's door: Huey tasks. Start a worker with
``huey_consumer app.jobs.tasks.huey -w 2 -k thread`` (``make run`` starts one).

Every few minutes the periodic ``tick`` finds what is due and queues one ``run_item`` job per
item, so several workers share the items; each item is idempotent, so a tick that several
workers' schedulers queue at once, or an item queued twice, does its work once."""
from __future__ import annotations

import logging
import queue as queue_module
import threading
from contextlib import contextmanager
from datetime import date, datetime

from flask import has_app_context
from huey import crontab

from app.jobs import due, queue
from app.webhooks import events

log = logging.getLogger(__name__)
TICK_EVERY_MINUTES = 5
huey = queue.from_environment()
_app = None


@contextmanager
def app_context():
    """The Flask app of this worker process (made once, from the environment), unless the
    caller is already inside one (immediate mode in tests, or a job run from the CLI)."""
    global _app
    if has_app_context():
        yield
        return
    if _app is None:
        from app import create_app

        _app = install_dispatcher(create_app())
    with _app.app_context():
        yield


@huey.periodic_task(crontab(minute=f"*/{TICK_EVERY_MINUTES}"))
def tick() -> None:
    with app_context():
        report = due.run_due(dispatch=lambda name, item: run_item(name, item))
    for line in report.summary():
        log.info("tick: %s", line)


@huey.task(retries=3, retry_delay=300)
def run_item(name: str, item, today: str | None = None, now: str | None = None) -> None:
    """One item of due work; ``today`` (YYYY-MM-DD) overrides the companies' own today, ``now``
    (ISO 8601) the clock of the webhook step."""
    with app_context():
        done = due.run_one(name, item, date.fromisoformat(today) if today else None,
                           datetime.fromisoformat(now) if now else None)
    if done.detail:
        log.info("%s: %s", name, done.detail)


@huey.task()
def deliver_webhook(delivery_pk: int) -> None:
    """A new delivery's first attempt, queued once the event that made it has committed (the
    tick finds any that this misses: a failed attempt is retried on its schedule, not here)."""
    with app_context():
        done = due.run_one("webhooks", delivery_pk)
    if done.detail:
        log.info("webhooks: %s", done.detail)


def install_dispatcher(app):
    """Queue a job for each new webhook delivery once its event commits (unless WEBHOOKS_QUEUE=0:
    then the tick finds them); the app made by wsgi.py and the worker's own. The app factory
    leaves this out: the tests deliver what they mean to, themselves."""
    events.install(app, queue_deliveries if app.config.get("WEBHOOKS_QUEUE", True) else None)
    return app


def queue_deliveries(delivery_pks: list[int]) -> None:
    """The app's webhook dispatcher: one job per new delivery, put on the queue by a thread of
    this process, so the request that committed the event does not wait for the queue's own
    write. The job only wakes the worker early: the delivery is already in the database, so a
    job lost (the process stopped first, the queue unreachable) is found by the next tick."""
    _handoff.start()
    _handoff.pending.put(list(delivery_pks))


def wait_for_handoff() -> None:
    """Until every delivery handed over so far is on the queue (tests, benchmarks)."""
    if _handoff.thread is not None:
        _handoff.pending.join()


class _Handoff:
    def __init__(self):
        self.pending: queue_module.Queue = queue_module.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="webhook-handoff", daemon=True)
                self.thread.start()

    def run(self) -> None:
        while True:
            delivery_pks = self.pending.get()
            try:
                for delivery_pk in delivery_pks:
                    deliver_webhook(delivery_pk)
            except Exception:
                log.exception("webhook deliveries %s not queued; the next tick finds them", delivery_pks)
            finally:
                self.pending.task_done()


_handoff = _Handoff()
