"""Two workers never deliver the same attempt twice (DESIGN §18): two threads run the whole
tick (`due.run_due`) at once over many due deliveries, each in its own app context and
database connection; the receiver gets each webhook-id exactly once. On PostgreSQL (the
claim is a compare-and-set UPDATE under READ COMMITTED), and its SQLite twin."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import due
from app.models import WebhookAttempt, WebhookDelivery
from tests.webhooks.receiver import Plan, Receiver
from tests.webhooks.world import make_endpoint

EVENTS = 60


def _race(app, actor, make_customer, monkeypatch, figure, backend: str) -> None:
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    monkeypatch.setitem(app.config, "WEBHOOKS_TIMEOUT", 5.0)
    with Receiver(Plan(delay=0.005)) as receiver:
        make_endpoint(actor, receiver.url())
        for n in range(EVENTS):
            make_customer(name=f"Race {n}")
        db.session.commit()
        start, errors, reports = threading.Barrier(2), [], []

        def worker():
            try:
                with app.app_context():
                    start.wait()
                    reports.append(due.run_due())
                    db.session.remove()
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        ids = Counter(request.headers["webhook-id"] for request in receiver.requests)
    assert not errors, errors
    delivered = db.session.scalar(select(func.count()).select_from(WebhookDelivery)
                                  .where(WebhookDelivery.status == "delivered"))
    attempts = db.session.scalar(select(func.count()).select_from(WebhookAttempt))
    shares = [report.counts["webhooks"].get("delivered", 0) for report in reports]
    figure(f"webhook-double-delivery-{backend}",
           f"{EVENTS} due deliveries, 2 concurrent run-due on {backend}: {len(ids)} webhook-ids received, "
           f"{sum(count - 1 for count in ids.values())} twice; shares {shares}; {attempts} attempts logged")
    assert len(ids) == EVENTS and set(ids.values()) == {1}
    assert delivered == EVENTS and attempts == EVENTS and sum(shares) == EVENTS


def on_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


@pytest.mark.postgres
@pytest.mark.commits
def test_two_run_dues_on_postgres_deliver_each_webhook_once(app, actor, make_customer, monkeypatch, figure):
    if not on_postgres():
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    _race(app, actor, make_customer, monkeypatch, figure, "PostgreSQL")


@pytest.mark.commits
def test_two_run_dues_on_sqlite_deliver_each_webhook_once(app, actor, make_customer, monkeypatch, figure):
    if on_postgres():
        pytest.skip("the SQLite twin")
    _race(app, actor, make_customer, monkeypatch, figure, "SQLite")
