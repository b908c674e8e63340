"""The Pay button's service (app/online_payments/checkout.py, DESIGN §16) against the fake
Stripe: when an invoice can be paid online, what the Checkout Session asks Stripe for
(amounts in minor units, EUR and JPY), one session per invoice and amount under repeated and
concurrent calls, a new one (with a new Idempotency-Key) once the last expired or its debit
failed or the amount changed, and the client's return recording the payment once."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.invoices import lifecycle
from app.models import Invoice
from app.online_payments import checkout, recording
from app.services import transaction
from app.services.errors import ProviderRefused
from tests.online_payments.pay_helpers import KEY, connect, one_item, payments_of, sent, sessions_of

PAGE = "http://corebill.test/i/tok"
SUCCESS = PAGE + "?payment=success&session_id={CHECKOUT_SESSION_ID}"


@pytest.fixture()
def connected(actor):
    connect(actor.company)
    return actor


def opened(invoice) -> str:
    with transaction():
        return checkout.open_checkout(invoice, PAGE, SUCCESS)


def session_id(url: str) -> str:
    return url.rsplit("/", 1)[1]


def creations(fake) -> list[str]:
    """The Idempotency-Key of every session creation the fake received."""
    return [key for method, path, key in fake.requests if (method, path) == ("POST", "/v1/checkout/sessions")]


def test_can_pay_only_when_connected_online_payable_and_due(actor, make_invoice):
    invoice = sent(make_invoice, actor)
    assert checkout.can_pay(invoice) is False  # not connected
    connect(actor.company)
    assert checkout.can_pay(invoice) is True
    with transaction():
        invoice.online_payment = False
    assert checkout.can_pay(invoice) is False
    draft = make_invoice(due_date="2099-01-01")
    assert checkout.can_pay(draft) is False
    paid = sent(make_invoice, actor)
    with transaction():
        lifecycle.record_payment(actor, paid.id, {"amount": str(paid.total)})
    cancelled = sent(make_invoice, actor)
    with transaction():
        lifecycle.cancel_invoice(actor, cancelled.id, "Ordered twice")
    assert (paid.status, paid.amount_due, cancelled.status) == ("paid", 0, "cancelled")
    assert checkout.can_pay(paid) is False and checkout.can_pay(cancelled) is False
    assert opened(paid) is None


def test_the_session_stripe_receives_in_eur(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("1234.56", "EUR"))
    url = opened(invoice)
    assert url.startswith(fake.url + "/pay/cs_test_")
    session = fake.session(session_id(url))
    assert (session["amount_total"], session["currency"], session["mode"]) == (123456, "eur", "payment")
    assert session["client_reference_id"] == invoice.id
    assert session["metadata"] == {"invoice_id": invoice.id, "company_id": connected.company.id}
    assert session["success_url"] == "http://corebill.test/i/tok?payment=success&session_id={CHECKOUT_SESSION_ID}"
    assert session["cancel_url"] == PAGE
    assert fake._line_items[session["id"]] == [(f"Invoice {invoice.invoice_number}", 123456, 1)]
    [stored] = sessions_of(invoice)
    assert (stored.stripe_id, stored.url, stored.amount, stored.currency, stored.attempt, stored.status) == (
        session["id"], url, invoice.amount_due, "EUR", 0, "open")
    assert creations(fake) == [f"corebill-checkout-{invoice.id}-123456-0"]


def test_jpy_has_no_minor_digits(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("1500", "JPY"))
    session = fake.session(session_id(opened(invoice)))
    assert (session["amount_total"], session["currency"]) == (1500, "jpy")
    assert fake._line_items[session["id"]] == [(f"Invoice {invoice.invoice_number}", 1500, 1)]


def test_repeated_calls_reuse_the_open_session(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first = opened(invoice)
    assert opened(invoice) == first and opened(invoice) == first
    assert fake.sessions_created == 1 and len(sessions_of(invoice)) == 1


def test_an_expired_session_is_replaced_with_a_new_key(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first = opened(invoice)
    fake.client(KEY).v1.checkout.sessions.expire(session_id(first))  # e.g. from the Stripe dashboard
    second = opened(invoice)
    assert second != first and fake.sessions_created == 2
    assert [(s.status, s.attempt) for s in sessions_of(invoice)] == [("expired", 0), ("open", 1)]
    assert creations(fake) == [f"corebill-checkout-{invoice.id}-8000-0", f"corebill-checkout-{invoice.id}-8000-1"]
    assert opened(invoice) == second and fake.sessions_created == 2


def test_a_session_past_its_time_is_not_reused(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    opened(invoice)
    with transaction():
        sessions_of(invoice)[0].created_at -= timedelta(hours=23, minutes=1)  # less than an hour left
    opened(invoice)
    assert fake.sessions_created == 2 and [s.attempt for s in sessions_of(invoice)] == [0, 1]


def test_a_failed_bank_debit_lets_the_client_pay_again(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first = session_id(opened(invoice))
    fake.pay(first, "processing")
    with transaction():
        assert checkout.settle_return(invoice, first) == checkout.PROCESSING
    assert checkout.can_pay(invoice) is False  # a debit is on its way: no second session
    assert opened(invoice) is None
    with transaction():
        assert recording.handle_event(connected.company, fake.settle_async(first, succeeded=False)) == "failed"
    assert checkout.can_pay(invoice) is True
    with transaction():  # the failed session's return says nothing any more
        assert checkout.settle_return(invoice, first) is None
    second = opened(invoice)
    assert session_id(second) != first and fake.sessions_created == 2
    assert creations(fake)[-1] == f"corebill-checkout-{invoice.id}-8000-1"


def test_a_changed_amount_due_opens_a_new_session(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first = opened(invoice)
    with transaction():
        lifecycle.record_payment(connected, invoice.id, {"amount": "30"})
    second = opened(invoice)
    assert second != first and fake.sessions_created == 2
    assert fake.session(session_id(second))["amount_total"] == 5000
    assert creations(fake)[-1] == f"corebill-checkout-{invoice.id}-5000-0"


def test_a_session_paid_meanwhile_is_recorded_instead_of_reused(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    fake.pay(session_id(opened(invoice)))  # the webhook never came
    assert opened(invoice) is None
    db.session.refresh(invoice)
    assert (invoice.status, payments_of(invoice), fake.sessions_created) == ("paid", 1, 1)


def test_the_return_records_a_paid_session_once(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first = session_id(opened(invoice))
    with transaction():
        assert checkout.settle_return(invoice, first) == checkout.OPEN
    fake.pay(first)
    for _ in range(2):
        with transaction():
            assert checkout.settle_return(invoice, first) == checkout.RECEIVED
    db.session.refresh(invoice)
    assert (payments_of(invoice), invoice.status, invoice.amount_due) == (1, "paid", 0)
    assert sessions_of(invoice)[0].payment_status == "paid"


def test_the_return_ignores_sessions_of_other_invoices_and_garbage(fake, connected, make_invoice):
    mine = sent(make_invoice, connected, **one_item("80", "EUR"))
    other = sent(make_invoice, connected, **one_item("90", "EUR"))
    theirs = session_id(opened(other))
    fake.pay(theirs)
    before = len(fake.requests)
    with transaction():
        for value in (theirs, "cs_test_unknown", "", None, ["x"], "x" * 5000, "cs_\x00", theirs + "\n"):
            assert checkout.settle_return(mine, value) is None
    assert len(fake.requests) == before  # Stripe was not asked
    assert payments_of(mine) == 0 and payments_of(other) == 0


def test_stripe_down_stores_nothing(fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    fake.fail_next("POST", "/v1/checkout/sessions", 500, times=3)  # the package retries twice
    with pytest.raises(ProviderRefused):
        opened(invoice)
    assert sessions_of(invoice) == [] and fake.sessions_created == 0
    assert opened(invoice).startswith(fake.url + "/pay/")


@pytest.mark.commits
def test_two_concurrent_calls_open_one_session(app, fake, make_account, make_customer, make_invoice):
    from tests.reliability import workers as w

    owner = make_account(email="pay-race@example.com", company="Pay Race")
    connect(owner.company)
    invoice = sent(make_invoice, owner, customer=make_customer(owner), **one_item("80", "EUR"))
    invoice_pk, calls = invoice.pk, 2
    w.release()
    urls, errors, barrier = [], [], threading.Barrier(calls)

    def one():
        try:
            with pooled.app_context():
                barrier.wait(30)  # before any read: on SQLite a transaction here takes the write lock
                with transaction():
                    found = db.session.scalars(select(Invoice).where(Invoice.pk == invoice_pk)).one()
                    urls.append(checkout.open_checkout(found, PAGE, SUCCESS))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    with w.pooled_app(app, calls) as pooled:
        pooled.config["STRIPE_API_BASE"] = fake.url
        threads = [threading.Thread(target=one) for _ in range(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == [] and len(urls) == calls and len(set(urls)) == 1
    assert fake.sessions_created == 1 and len(sessions_of(invoice)) == 1


def test_one_session_answered_twice_is_stored_once(fake, connected, make_invoice):
    """Two clicks that both reached Stripe with one Idempotency-Key get one session: one row."""
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    params = checkout.session_params(invoice, 8000, PAGE, SUCCESS)
    key = checkout.idempotency_key(invoice, 8000, 0)
    answers = [fake.client(KEY).v1.checkout.sessions.create(params=params, options={"idempotency_key": key}).to_dict()
               for _ in range(2)]
    assert answers[0]["id"] == answers[1]["id"] and fake.sessions_created == 1
    for answer in answers:
        with transaction():
            checkout._store(invoice, answer, 8000, 0)
    assert [s.stripe_id for s in sessions_of(invoice)] == [answers[0]["id"]]
