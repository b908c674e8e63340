"""Webhooks (DESIGN §18): what an enabled endpoint adds to a change, and how fast the worker
delivers.

On a new SQLite database in a temporary instance folder (the worker's queue file beside it):

1. creates an invoice through the service, ``--rounds`` times for a company without an
   endpoint and for one with an enabled endpoint, interleaved (the second company's event
   gets a delivery, queued for the worker after commit as the app made by wsgi.py does), and
   prints both medians and their ratio (target: at most 1.1×);
2. writes ``--events`` events for an endpoint pointing at a local receiver, queues one job
   per delivery, starts the worker as ``make run`` does (``huey_consumer app.jobs.tasks.huey
   -w 2 -k thread``) and times until every delivery is delivered; prints deliveries per second
   (from the first attempt to the last, and wall-clock including the worker's start).

    .venv/bin/python -m bench.webhooks
    .venv/bin/python -m bench.webhooks --rounds 60 --events 1000
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSUMER = str(Path(sys.executable).with_name("huey_consumer"))


def environment(instance: str) -> dict:
    """The settings of the bench's app and of its worker (set before the queue is made)."""
    return {"INSTANCE_PATH": instance, "DATABASE_URL": "sqlite:///" + os.path.join(instance, "corebill.db"),
            "SECRET_KEY": "bench-webhooks", "WEBHOOKS_ALLOW_PRIVATE": "1", "WEBHOOKS_QUEUE": "1", "MAIL_SERVER": "",
            "RATELIMIT_ENABLED": "0", "APP_BASE_URL": "http://127.0.0.1:5000"}


def main() -> None:
    parse = argparse.ArgumentParser(description="Webhooks: invoice creation with and without an endpoint; "
                                                "deliveries per second with the worker.")
    parse.add_argument("--rounds", type=int, default=40, help="invoices created per company (interleaved)")
    parse.add_argument("--events", type=int, default=400, help="events delivered by the worker")
    args = parse.parse_args()
    instance = tempfile.mkdtemp(prefix="corebill-bench-webhooks-")
    env = environment(instance)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.invoices import service as invoices
    from app.jobs import tasks
    from app.models import WebhookAttempt, WebhookDelivery
    from app.services import accounts, customers, transaction
    from app.services.tenancy import Actor
    from app.webhooks import endpoints, events
    from tests.webhooks.receiver import Receiver

    app = tasks.install_dispatcher(create_app())
    items = [{"name": "Web Development", "quantity": 40, "unit": "hour", "unit_price": 150},
             {"name": "UI/UX Design", "quantity": 20, "unit": "hour", "unit_price": 120}]
    with app.app_context(), Receiver() as receiver:
        upgrade()
        actors = {}
        for name in ("plain", "hooked"):
            with transaction():
                user, company = accounts.register(f"{name}@bench.example.com", "bench-password", f"{name} Ltd")
            actor = Actor(company=company, role="admin", user=user)
            with transaction():
                customer = customers.create_customer(actor, {"name": "Buyer", "country": "US",
                                                             "email": "buyer@example.com"})
            actors[name] = (actor, customer.id)
        with transaction():
            endpoints.create_endpoint(actors["hooked"][0], {"url": receiver.url(), "enabled_events": ["*"]})

        dispatch = app.extensions[events.DISPATCH]

        def create(variant: str) -> float:
            actor, customer_id = actors["plain" if variant == "plain" else "hooked"]
            app.extensions[events.DISPATCH] = None if variant == "unqueued" else dispatch
            started = time.perf_counter()
            with transaction():
                invoices.create_invoice(actor, {"customer_id": customer_id, "issue_date": "2026-12-01",
                                                "due_date": "2026-12-31", "tax_rate": 19, "items": items})
            return (time.perf_counter() - started) * 1000

        variants = ("plain", "hooked", "unqueued")
        for _ in range(3):  # warm-up
            for variant in variants:
                create(variant)
        timings = {variant: [] for variant in variants}
        for round_ in range(args.rounds):
            for variant in variants[round_ % 3:] + variants[:round_ % 3]:  # each first in turn
                timings[variant].append(create(variant))
        app.extensions[events.DISPATCH] = dispatch
        plain, hooked, unqueued = (statistics.median(timings[variant]) for variant in variants)
        print(f"creating an invoice (service, SQLite), median of {args.rounds} interleaved: "
              f"without an endpoint {plain:.1f} ms, with an enabled endpoint {hooked:.1f} ms "
              f"(event + delivery + a queued job): {hooked / plain:.2f}× (target ≤ 1.1×); "
              f"with the endpoint but no job queued (WEBHOOKS_QUEUE=0) {unqueued:.1f} ms: {unqueued / plain:.2f}×")

        # 2. deliveries per second: the part-1 jobs are dropped (their deliveries given up), then
        # --events new events (customers created, no job queued), then one job per delivery.
        tasks.wait_for_handoff()
        tasks.huey.flush()
        with transaction():
            db.session.execute(WebhookDelivery.__table__.update().values(status="failed", next_attempt_at=None))
        receiver.requests.clear()
        events.install(app, None)
        actor = actors["hooked"][0]
        for start in range(0, args.events, 100):
            with transaction():
                for n in range(start, min(start + 100, args.events)):
                    customers.create_customer(actor, {"name": f"Customer {n}", "country": "US"})
        pks = list(db.session.scalars(select(WebhookDelivery.pk).where(WebhookDelivery.status == "pending")))
        db.session.commit()
        tasks.queue_deliveries(pks)
        tasks.wait_for_handoff()
        log = open(os.path.join(instance, "consumer.log"), "wb")
        started = time.perf_counter()
        worker = subprocess.Popen([CONSUMER, "app.jobs.tasks.huey", "--workers", "2", "--worker-type", "thread"],
                                  cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            delivered = 0
            while time.monotonic() < deadline and worker.poll() is None:
                delivered = db.session.scalar(select(func.count()).select_from(WebhookDelivery)
                                              .where(WebhookDelivery.pk.in_(pks), WebhookDelivery.status == "delivered"))
                db.session.rollback()
                if delivered == len(pks):
                    break
                time.sleep(0.05)
            wall = time.perf_counter() - started
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(30)
            log.close()
        first, last = db.session.execute(select(func.min(WebhookAttempt.attempted_at), func.max(WebhookAttempt.attempted_at))
                                         .where(WebhookAttempt.delivery_pk.in_(pks))).one()
        attempts = db.session.scalar(select(func.count()).select_from(WebhookAttempt)
                                     .where(WebhookAttempt.delivery_pk.in_(pks)))
        span = (last - first).total_seconds() if first and last else 0
        ids = {request.headers["webhook-id"] for request in receiver.requests}
        print(f"worker (huey_consumer -w 2 -k thread, SQLite queue and database): {delivered} of {len(pks)} "
              f"delivered, {attempts} attempts, {len(receiver.requests)} requests for {len(ids)} webhook-ids; "
              f"{(len(pks) - 1) / span if span else float('nan'):.0f} deliveries/s from first to last attempt, "
              f"{delivered / wall:.0f}/s wall-clock including the worker's start ({wall:.1f} s)")
        if delivered != len(pks):
            print(f"not all delivered: see {log.name}")
            sys.exit(1)


if __name__ == "__main__":
    main()
