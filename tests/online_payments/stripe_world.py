"""Plain helpers of the webhook, race and sweep tests: a company connected to the fake Stripe
(tests/support/fake_stripe.py), a Checkout Session opened there for an invoice and stored as
the Pay button stores it, the state of an invoice's payments, and deliveries to the webhook
(through the test client, or many at once to a real server)."""
from __future__ import annotations

import http.client
import json
import threading

from flask import current_app
from sqlalchemy import func, select

from app import money, sealed
from app.extensions import db
from app.models import Activity, CheckoutSession, Company, Invoice, Payment
from app.online_payments import gateway
from app.services import transaction

SECRET_KEYS = ("sk_test_company_a_1234", "sk_test_company_b_5678")
WEBHOOK_SECRETS = ("whsec_company_a_secret", "whsec_company_b_secret")


def company_of(company_id: str) -> Company:
    return db.session.scalars(select(Company).where(Company.id == company_id)).one()


def connect(fake, company_id: str, secret_key: str, webhook_secret: str | None, *, base_url: str = "http://localhost"):
    """Store the company's sealed Stripe secrets (as Settings → Payments does) and point the
    fake's webhook for that key at the company's endpoint."""
    with transaction():
        company = company_of(company_id)
        key = current_app.config["SECRET_KEY"]
        company.stripe_secret_key_sealed = sealed.seal(secret_key, key)
        company.stripe_webhook_secret_sealed = sealed.seal(webhook_secret, key) if webhook_secret else None
    if webhook_secret:
        fake.webhook(secret_key, f"{base_url}{path(company_id)}", webhook_secret)


def path(company_id: str) -> str:
    return f"/webhooks/stripe/{company_id}"


def open_session(company_id: str, invoice_id: str, secret_key: str) -> tuple[dict, str]:
    """A Checkout Session for the invoice's amount due, opened through the product's gateway and
    stored; (Stripe's session, the stored session's id)."""
    with transaction():
        company = company_of(company_id)
        invoice = db.session.scalars(select(Invoice).where(Invoice.id == invoice_id)).one()
        amount, currency = invoice.amount_due, invoice.currency
        params = {"mode": "payment", "currency": currency.lower(), "client_reference_id": invoice.id,
                  "line_items": [{"quantity": 1, "price_data": {
                      "currency": currency.lower(), "unit_amount": money.to_minor_units(amount, currency),
                      "product_data": {"name": f"Invoice {invoice.invoice_number}"}}}],
                  "metadata": {"invoice_id": invoice.id, "company_id": company.id},
                  "success_url": "http://localhost/i/t?payment=success&session_id={CHECKOUT_SESSION_ID}",
                  "cancel_url": "http://localhost/i/t"}
        session = gateway.open_session(secret_key, params, f"test-{invoice.id}-{amount}")
        stored = CheckoutSession(company_pk=company.pk, invoice_pk=invoice.pk, stripe_id=session["id"],
                                 url=session["url"], amount=amount, currency=currency)
        db.session.add(stored)
        db.session.flush()
        return session, stored.id


def stored_session(stripe_id: str) -> CheckoutSession:
    return db.session.scalars(select(CheckoutSession).where(CheckoutSession.stripe_id == stripe_id)).one()


def paid_state(invoice_id: str) -> dict:
    """What the invoice shows of its payments, and the rows behind it."""
    db.session.expire_all()
    invoice = db.session.scalars(select(Invoice).where(Invoice.id == invoice_id)).one()
    payments = db.session.scalars(select(Payment).where(Payment.invoice_pk == invoice.pk)).all()
    activities = db.session.scalar(select(func.count()).where(Activity.invoice_pk == invoice.pk,
                                                              Activity.action == "invoice.payment_recorded"))
    return {"payments": len(payments), "activities": activities, "status": invoice.status,
            "amount_paid": invoice.amount_paid, "amount_due": invoice.amount_due,
            "amount_overpaid": invoice.amount_overpaid, "providers": sorted({p.provider or "" for p in payments})}


def post(client, company_id: str, payload: bytes, header: str | None, **headers):
    """One delivery through the test client."""
    if header is not None:
        headers["Stripe-Signature"] = header
    return client.post(path(company_id), data=payload, headers=headers, content_type="application/json")


def at_once(jobs: list) -> list:
    """Run every callable at the same moment, each on its own thread; their results in order
    (an exception is returned as the result)."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, job):
        barrier.wait(30)
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001  (the test reads it)
            results[index] = error
    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def delivery(port: int, company_id: str, payload: bytes, header: str):
    """A callable that POSTs one signed delivery to the server on ``port``; returns its status
    and what the answer says (the outcome, or the error's code)."""
    def send() -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", path(company_id), body=payload,
                           headers={"Content-Type": "application/json", "Stripe-Signature": header})
        response = connection.getresponse()
        answer = json.loads(response.read() or b"{}")
        connection.close()
        return response.status, answer.get("outcome") or (answer.get("error") or {}).get("code", "")
    return send
