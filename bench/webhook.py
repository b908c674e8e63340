"""The Stripe webhook (DESIGN §16): its median time per delivery, and what concurrent
deliveries and replays record.

Seeds a company connected to Stripe (sealed secrets) with ``--deliveries`` sent invoices, each
with a stored Checkout Session; then

1. delivers one signed ``checkout.session.completed`` event per session (distinct events, each
   records a payment) through the test client, and times each delivery;
2. delivers each of those events again (a replay: acknowledged as a duplicate) and times it;
3. on a real threaded HTTP server, delivers one new event ``--concurrent`` times at once plus
   a second event id for the same session, then replays it ``--concurrent`` times at once;

and prints the medians, the deliveries tried and the payments recorded. Stripe itself is not
called (the webhook never calls it): the events are built and signed here with the ``stripe``
package's own helper.

    .venv/bin/python -m bench.webhook                      # a new SQLite database in a temporary folder
    .venv/bin/python -m bench.webhook --database-url "postgresql://postgres@/bench?host=/tmp&port=54329"
"""
from __future__ import annotations

import http.client
import json
import os
import statistics
import tempfile
import threading
import time

import stripe
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select
from werkzeug.serving import make_server

from app import create_app, money, sealed
from app.config import database_url
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import CheckoutSession, Invoice, Payment
from app.services import accounts, customers, transaction
from app.services.tenancy import Actor
from bench.common import backend, parser

WEBHOOK_SECRET = "whsec_bench_secret"


def make_app(url: str | None, workers: int):
    instance = tempfile.mkdtemp(prefix="corebill-bench-")
    os.environ["DATABASE_URL"] = url or "sqlite:///" + os.path.join(instance, "webhook.db")
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url(instance), "INSTANCE_PATH": instance,
                       "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                       "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": workers + 2, "max_overflow": 4,
                                                     "pool_timeout": 120}})


def seed(count: int) -> tuple[str, list[dict]]:
    """A connected company and ``count`` sent invoices with a stored session each; the company's
    id and the sessions as Stripe would show them once paid."""
    with transaction():
        user, company = accounts.register(f"webhook-bench-{time.time_ns()}@example.com", "bench-password",
                                          "Webhook Bench")
        company.stripe_secret_key_sealed = sealed.seal("sk_test_bench", "bench")
        company.stripe_webhook_secret_sealed = sealed.seal(WEBHOOK_SECRET, "bench")
        actor = Actor(company=company, role="admin", user=user)
        customer = customers.create_customer(actor, {"name": "Bench Client", "country": "US",
                                                     "email": "client@example.com"})
    sessions = []
    for number in range(count):
        with transaction():
            invoice = invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": "2025-06-01",
                                                      "due_date": "2099-01-01",
                                                      "items": [{"name": "Work", "quantity": 1, "unit_price": "100"}]})
            lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
            stripe_id = f"cs_bench_{number}_{time.time_ns()}"
            db.session.add(CheckoutSession(company_pk=company.pk, invoice_pk=invoice.pk, stripe_id=stripe_id,
                                           url="https://checkout.example/" + stripe_id, amount=invoice.amount_due,
                                           currency=invoice.currency))
            sessions.append({"id": stripe_id, "object": "checkout.session", "status": "complete",
                             "payment_status": "paid", "payment_intent": f"pi_bench_{number}_{time.time_ns()}",
                             "amount_total": money.to_minor_units(invoice.amount_due, invoice.currency),
                             "currency": invoice.currency.lower(), "client_reference_id": invoice.id,
                             "metadata": {"invoice_id": invoice.id, "company_id": company.id}})
    return company.id, sessions


def signed(session: dict, number: int) -> tuple[bytes, str]:
    event = {"id": f"evt_bench_{number}_{time.time_ns()}", "object": "event", "type": "checkout.session.completed",
             "created": int(time.time()), "data": {"object": session}}
    payload = json.dumps(event)
    return payload.encode(), stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)


def timed(client, path: str, deliveries: list[tuple[bytes, str]]) -> tuple[float, dict]:
    """The median ms of the deliveries, and how many answers said each outcome."""
    timings, outcomes = [], {}
    for payload, header in deliveries:
        started = time.perf_counter()
        response = client.post(path, data=payload, headers={"Stripe-Signature": header},
                               content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        outcome = (response.get_json() or {}).get("outcome") or f"HTTP {response.status_code}"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return statistics.median(timings), outcomes


def at_once(port: int, path: str, deliveries: list[tuple[bytes, str]]) -> list[int]:
    barrier, statuses, lock = threading.Barrier(len(deliveries)), [], threading.Lock()

    def send(payload, header):
        barrier.wait(30)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", path, body=payload, headers={"Content-Type": "application/json",
                                                                "Stripe-Signature": header})
        status = connection.getresponse().status
        with lock:
            statuses.append(status)
    threads = [threading.Thread(target=send, args=delivery) for delivery in deliveries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def payments_of(invoice_id: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Payment).join(Invoice, Invoice.pk == Payment.invoice_pk)
                             .where(Invoice.id == invoice_id))


def main() -> None:
    parse = parser("Time the Stripe webhook; count what concurrent deliveries and replays record.")
    parse.add_argument("--deliveries", type=int, default=200)
    parse.add_argument("--concurrent", type=int, default=20)
    args = parse.parse_args()
    app = make_app(args.database_url, args.concurrent + 1)
    with app.app_context():
        if "checkout_sessions" not in inspect(db.engine).get_table_names():
            upgrade()
        company_id, sessions = seed(args.deliveries + 1)
        path = f"/webhooks/stripe/{company_id}"
        events = [signed(session, number) for number, session in enumerate(sessions[:-1])]
        client = app.test_client()
        first, outcomes = timed(client, path, events)
        replay, replayed = timed(client, path, events)
        last = sessions[-1]
        burst = [signed(last, args.deliveries)] * args.concurrent + [signed(last, args.deliveries + 1)]
        db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            statuses = at_once(server.server_port, path, burst)
            statuses += at_once(server.server_port, path, burst[:1] * args.concurrent)
        finally:
            server.shutdown()
            thread.join(10)
        recorded = payments_of(last["metadata"]["invoice_id"])
        print(f"backend: {backend()}")
        print(f"webhook, {len(events)} deliveries of distinct paid-session events: median {first:.1f} ms "
              f"({', '.join(f'{n} {o}' for o, n in sorted(outcomes.items()))})")
        print(f"webhook, the same {len(events)} events replayed: median {replay:.1f} ms "
              f"({', '.join(f'{n} {o}' for o, n in sorted(replayed.items()))})")
        print(f"concurrency: {args.concurrent} concurrent deliveries of one event + 1 second event id for the same "
              f"session, then {args.concurrent} concurrent replays: {len(statuses)} answers "
              f"({statuses.count(200)} HTTP 200), {recorded} payment recorded")


if __name__ == "__main__":
    main()
