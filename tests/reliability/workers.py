"""Concurrent workers for the reliability tests: threads, each running its jobs in its own
app context, database session and transaction (as concurrent requests do), all released
at once by a barrier so that they really collide."""
from __future__ import annotations

import http.client
import json
import os
import queue
import threading
from contextlib import contextmanager

from sqlalchemy import select
from werkzeug.serving import make_server

from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import Company, User
from app.services import accounts, customers, transaction
from app.services.errors import ServiceError
from app.services.tenancy import Actor
from tests.security.helpers import other_app, release
from tests.support.fakes import no_mail


def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@contextmanager
def pooled_app(app, workers: int):
    """A second app on the test database whose pool has a connection for every worker."""
    release()
    options = {"pool_pre_ping": True}
    if is_postgres(app) or app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        options.update(pool_size=workers + 2, max_overflow=4, pool_timeout=120)
    with other_app(app, SQLALCHEMY_ENGINE_OPTIONS=options) as application:
        yield application


@contextmanager
def serving(app, clients: int):
    """A threaded HTTP server in front of a pooled copy of ``app`` (the real door, as concurrent
    API clients meet it); yields its port."""
    with pooled_app(app, clients) as pooled:
        server = make_server("127.0.0.1", 0, pooled, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield server.server_port
        finally:
            server.shutdown()
            thread.join(10)


def burst(port: int, requests: list[tuple[str, str, dict, dict]]) -> list[tuple[int, dict]]:
    """Send every (method, path, JSON body, headers) at the same moment, each from its own
    thread; the (status, JSON body) answers."""
    barrier, answers, lock = threading.Barrier(len(requests)), [], threading.Lock()

    def one(method, path, body, headers):
        barrier.wait(30)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request(method, path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        answer = (response.status, json.loads(response.read() or b"{}"))
        with lock:
            answers.append(answer)
    threads = [threading.Thread(target=one, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return answers


def actor_in_session(company_id: str, user_id: str, role: str = "admin") -> Actor:
    """The actor loaded in the current session (objects never cross threads)."""
    company = db.session.scalars(select(Company).where(Company.id == company_id)).one()
    user = db.session.scalars(select(User).where(User.id == user_id)).one()
    return Actor(company=company, role=role, user=user)


def run(app, jobs: list, workers: int) -> tuple[list, list]:
    """Run ``job()`` callables (each inside an app context and one transaction) on
    ``workers`` threads. Returns (results, errors); a ServiceError is an answer (a refused
    action), anything else is an error with its type and message."""
    pending: queue.Queue = queue.Queue()
    for index, job in enumerate(jobs):
        pending.put((index, job))
    results: list = [None] * len(jobs)
    errors: list = []
    barrier = threading.Barrier(workers)

    def work():
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        while True:
            try:
                index, job = pending.get_nowait()
            except queue.Empty:
                return
            with app.app_context():
                try:
                    with transaction():
                        results[index] = ("ok", job())
                except ServiceError as refused:
                    results[index] = ("refused", refused)
                except Exception as error:  # noqa: BLE001  (counted and reported by the test)
                    errors.append(f"{type(error).__name__}: {str(error)[:300]}")
                    results[index] = ("error", error)
                finally:
                    db.session.remove()

    threads = [threading.Thread(target=work, name=f"worker-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=float(os.environ.get("RELIABILITY_JOIN_TIMEOUT", "600")))
    assert not any(t.is_alive() for t in threads), "a worker is stuck"
    return results, errors



def new_customer(actor, name="Concurrent Client"):
    with transaction():
        return customers.create_customer(actor, {"name": name, "country": "US", "email": "pay@client.example"})


def new_sent_invoice(actor, customer, amount="100", paid=None):
    with transaction():
        invoice = invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": "2025-06-01",
                                                  "due_date": "2099-01-01",
                                                  "items": [{"name": "Work", "quantity": 1, "unit_price": amount}]})
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
    if paid:
        with transaction():
            lifecycle.record_payment(actor, invoice.id, {"amount": paid})
    return invoice.id


def owner_with_key(make_account, email: str, company: str, buyer: dict):
    """A new company's owner, a customer ``buyer`` of theirs and a raw API key of the owner's."""
    owner = make_account(email=email, company=company)
    with transaction():
        customer = customers.create_customer(owner, buyer)
        _, raw = accounts.create_api_key(owner.user, "races")
    return owner, customer, raw
