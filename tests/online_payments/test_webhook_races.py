"""Recorded once, whatever the network does (DESIGN §16, issue 27 point 3), on SQLite and on
PostgreSQL (TEST_DATABASE_URL): the same signed event delivered 20 times at once to a real
threaded server, plus a second event about the same session; the client's success return
(the session retrieved from Stripe, then recorded) racing the webhook; a payment arriving for
an invoice paid meanwhile by other means. Each ends with one payment per Stripe transaction,
one activity, and the invoice's amounts right."""
from __future__ import annotations

import http.client
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.invoices import lifecycle
from app.models import Payment
from app.online_payments import gateway, recording
from app.services import transaction
from app.services.errors import ServiceError
from tests.online_payments import stripe_world as world
from tests.reliability import workers as w

pytestmark = pytest.mark.commits

KEY, HOOK = world.SECRET_KEYS[0], world.WEBHOOK_SECRETS[0]
DELIVERIES = 20


@pytest.fixture()
def fake(fake_stripe, monkeypatch):
    monkeypatch.setenv("STRIPE_API_BASE", fake_stripe.url)  # the pooled copies of the app read it
    return fake_stripe


@pytest.fixture()
def owner(fake, make_account):
    found = make_account(email="races@example.com", company="Webhook Races")
    world.connect(fake, found.company.id, KEY, HOOK)
    return found


def new_session(owner, amount="100") -> tuple[str, str]:
    """(invoice id, Stripe session id): a sent invoice of ``amount`` and a session for it."""
    invoice_id = w.new_sent_invoice(owner, w.new_customer(owner), amount=amount)
    session, _ = world.open_session(owner.company.id, invoice_id, KEY)
    w.release()
    return invoice_id, session["id"]


def backend(app) -> str:
    return "PostgreSQL" if w.is_postgres(app) else "SQLite"


def test_twenty_concurrent_deliveries_and_a_second_event_record_one_payment(app, fake, owner, figure):
    invoice_id, session_id = new_session(owner)
    payload, header = fake.signed(fake.pay(session_id, deliver=False), HOOK)
    second = fake.signed(fake.event(session_id), HOOK)  # another event id about the same session
    company_id = owner.company.id
    with w.serving(app, DELIVERIES + 1) as port:
        answers = world.at_once([world.delivery(port, company_id, payload, header)] * DELIVERIES
                                + [world.delivery(port, company_id, *second)])
        replays = world.at_once([world.delivery(port, company_id, payload, header)] * 5)
    state = world.paid_state(invoice_id)
    w.release()
    outcomes = sorted(outcome for _, outcome in answers)
    figure("webhook-concurrency", f"{DELIVERIES} concurrent deliveries of one signed event plus a second event id "
                                  f"for the same session, then {len(replays)} replays, on {backend(app)}: "
                                  f"{state['payments']} payment recorded ({outcomes.count('duplicate')} duplicates, "
                                  f"{outcomes.count('already recorded')} already recorded)")
    assert [status for status, _ in answers + replays] == [200] * (DELIVERIES + 1 + len(replays)), answers
    assert outcomes.count("recorded") == 1 and set(outcomes) <= {"recorded", "duplicate", "already recorded"}
    assert outcomes.count("duplicate") == DELIVERIES - 1  # one of the 20 got past remember_event
    assert {outcome for _, outcome in replays} == {"duplicate"}
    assert state == {"payments": 1, "activities": 1, "status": "paid", "amount_paid": Decimal("100"),
                     "amount_due": 0, "amount_overpaid": 0, "providers": ["stripe"]}


def success_return(app, company_id: str, session_id: str):
    """What the client's return to the invoice page does: retrieve the session from Stripe (no
    transaction open), then record it; says whether this call recorded it."""
    def run():
        with app.app_context():
            try:
                session = gateway.session(KEY, session_id)
                with transaction():
                    payment, new = recording.record_session(world.company_of(company_id), session)
                return 200, "recorded" if new else "already recorded"
            finally:
                db.session.remove()
    return run


def test_the_success_return_and_the_webhook_racing_record_one_payment(app, fake, owner, figure):
    company_id, rounds, tried, recorded = owner.company.id, 3, 0, 0
    for _ in range(rounds):
        invoice_id, session_id = new_session(owner)
        event = fake.pay(session_id, deliver=False)
        deliveries = [fake.signed(event, HOOK)] * 4 + [fake.signed(fake.event(session_id), HOOK) for _ in range(2)]
        with w.serving(app, len(deliveries)) as port:
            answers = world.at_once([success_return(app, company_id, session_id) for _ in range(4)]
                                    + [world.delivery(port, company_id, *signed) for signed in deliveries])
        state = world.paid_state(invoice_id)
        w.release()
        tried += len(answers)
        recorded += state["payments"]
        assert all(isinstance(answer, tuple) and answer[0] == 200 for answer in answers), answers
        assert [outcome for _, outcome in answers].count("recorded") == 1, answers
        assert (state["payments"], state["activities"], state["status"], state["amount_due"]) == (1, 1, "paid", 0)
    figure("webhook-return-race", f"{rounds} paid sessions, each reported at once by 4 success returns and 6 webhook "
                                  f"deliveries (2 event ids) on {backend(app)}: {tried} reports, {recorded} payments")


def test_a_payment_for_an_invoice_paid_meanwhile_is_recorded_as_overpaid(app, fake, owner):
    company_id = owner.company.id
    invoice_id, session_id = new_session(owner)
    with transaction():
        lifecycle.record_payment(owner, invoice_id, {"amount": "100"})  # paid by bank transfer meanwhile
    signed = fake.signed(fake.pay(session_id, deliver=False), HOOK)
    with w.serving(app, 2) as port:
        [answer] = world.at_once([world.delivery(port, company_id, *signed)])
    state = world.paid_state(invoice_id)
    w.release()
    assert answer == (200, "recorded")
    assert state == {"payments": 2, "activities": 2, "status": "paid", "amount_paid": Decimal("200"),
                     "amount_due": 0, "amount_overpaid": Decimal("100"), "providers": ["", "stripe"]}


def test_a_manual_payment_and_the_webhook_at_once_leave_the_invoice_consistent(app, fake, owner):
    company_id, user_id = owner.company.id, owner.user.id
    invoice_id, session_id = new_session(owner)
    signed = fake.signed(fake.pay(session_id, deliver=False), HOOK)

    def by_hand():
        with app.app_context():
            try:
                with transaction():
                    lifecycle.record_payment(w.actor_in_session(company_id, user_id), invoice_id, {"amount": "100"})
                return "paid by hand"
            except ServiceError:  # the webhook came first: nothing is due any more
                return "refused"
            finally:
                db.session.remove()
    with w.serving(app, 2) as port:
        by_hand_answer, webhook_answer = world.at_once([by_hand, world.delivery(port, company_id, *signed)])
    state = world.paid_state(invoice_id)
    total = db.session.scalar(select(func.sum(Payment.amount)).where(Payment.provider == "stripe"))
    w.release()
    assert webhook_answer == (200, "recorded") and total == Decimal("100")
    assert state["status"] == "paid" and state["amount_due"] == 0
    if by_hand_answer == "paid by hand":
        assert (state["payments"], state["amount_overpaid"]) == (2, Decimal("100"))
    else:
        assert by_hand_answer == "refused" and (state["payments"], state["amount_overpaid"]) == (1, 0)


def test_a_chunked_body_over_one_megabyte_is_refused_while_it_streams(app, fake, owner):
    chunks = (b"a" * 65536 for _ in range(40))  # 2.5 MB, no Content-Length
    company_id = owner.company.id
    w.release()
    with w.serving(app, 2) as port:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("POST", world.path(company_id), body=chunks, encode_chunked=True,
                               headers={"Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x"})
            status = connection.getresponse().status
        except (BrokenPipeError, ConnectionResetError):  # the server answered and closed while we sent
            status = 413
        finally:
            connection.close()
    assert status == 413
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 0
