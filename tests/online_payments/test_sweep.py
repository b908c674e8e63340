"""Online payment without webhooks (DESIGN §16): the tick's ``online_payments`` step records a
paid session whose webhook never came (once, however many ticks), notes an expired one settled,
expires at Stripe an open one whose invoice no longer asks for its amount, leaves alone one
that still does, and goes on past a session Stripe will not show."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.invoices import lifecycle
from app.jobs import due
from app.online_payments import recording, sweep
from app.services import transaction
from tests.online_payments import stripe_world as world

KEY, HOOK = world.SECRET_KEYS[0], world.WEBHOOK_SECRETS[0]


@pytest.fixture()
def fake(fake_stripe):
    fake_stripe.deliver_webhooks = False  # a server Stripe cannot reach
    return fake_stripe


@pytest.fixture()
def open_for(fake, actor, make_sent_invoice):
    """``open_for()``: a new sent invoice of the connected default company and a session for it;
    (invoice id, Stripe session id)."""
    world.connect(fake, actor.company.id, KEY, HOOK)

    def make():
        invoice = make_sent_invoice(actor, due_date="2099-01-01")
        session, _ = world.open_session(actor.company.id, invoice.id, KEY)
        return invoice.id, session["id"]
    return make


def tick() -> dict:
    return dict(due.run_due().counts["online_payments"])


def test_a_paid_session_without_a_webhook_is_recorded_by_the_tick_once(fake, open_for):
    invoice_id, session_id = open_for()
    fake.pay(session_id)
    assert fake.deliveries == [] and world.paid_state(invoice_id)["payments"] == 0
    assert tick() == {"recorded": 1}
    assert tick() == {}  # settled: not looked at again
    assert sweep.sweep(world.stored_session(session_id).pk) == sweep.Swept("nothing")
    state = world.paid_state(invoice_id)
    assert (state["payments"], state["activities"], state["status"], state["amount_due"]) == (1, 1, "paid", 0)


def test_a_session_paid_and_recorded_by_the_webhook_is_not_recorded_again(fake, open_for, actor):
    invoice_id, session_id = open_for()
    fake.pay(session_id)
    with transaction():  # the webhook records it after the tick found the session unsettled
        recording.record_session(world.company_of(actor.company.id), fake.session(session_id))
        world.stored_session(session_id).settled_at = None
    assert sweep.sweep(world.stored_session(session_id).pk).outcome == "already recorded"
    assert world.paid_state(invoice_id)["payments"] == 1


def test_an_expired_session_is_noted_settled(fake, open_for):
    _, session_id = open_for()
    fake.session(session_id)["expires_at"] = 0  # Stripe expired it (24 h passed)
    assert tick() == {"expired": 1}
    stored = world.stored_session(session_id)
    assert stored.status == "expired" and stored.settled_at is not None


def test_an_open_session_whose_invoice_was_paid_meanwhile_is_expired_at_stripe(fake, open_for, actor):
    invoice_id, session_id = open_for()
    with transaction():
        lifecycle.record_payment(actor, invoice_id, {"amount": str(world.stored_session(session_id).amount)})
    assert tick() == {"expired": 1}
    assert fake.session(session_id)["status"] == "expired"
    assert ("POST", f"/v1/checkout/sessions/{session_id}/expire") in [request[:2] for request in fake.requests]
    assert world.stored_session(session_id).settled_at is not None
    assert world.paid_state(invoice_id)["payments"] == 1


@pytest.mark.parametrize("change", ["partly paid", "cancelled", "online payment off"])
def test_an_open_session_for_an_amount_no_longer_asked_is_expired(fake, open_for, actor, change):
    invoice_id, session_id = open_for()
    with transaction():
        if change == "partly paid":
            lifecycle.record_payment(actor, invoice_id, {"amount": "1"})
        elif change == "cancelled":
            lifecycle.cancel_invoice(actor, invoice_id)
        else:
            world.stored_session(session_id).invoice.online_payment = False
    assert tick() == {"expired": 1}
    assert fake.session(session_id)["status"] == "expired"


def test_an_open_session_still_asked_for_is_left_open(fake, open_for):
    _, session_id = open_for()
    assert tick() == {"open": 1}
    assert fake.session(session_id)["status"] == "open" and world.stored_session(session_id).settled_at is None


def test_a_session_stripe_will_not_show_does_not_stop_the_others(fake, open_for):
    first_invoice, first = open_for()
    second_invoice, second = open_for()
    fake.pay(first)
    fake.pay(second)
    fake.fail_next("GET", f"/v1/checkout/sessions/{first}", 500, times=3)  # the package retries twice
    assert tick() == {"failed": 1, "recorded": 1}
    assert world.paid_state(first_invoice)["payments"] == 0 and world.paid_state(second_invoice)["payments"] == 1
    assert tick() == {"recorded": 1}  # the next tick records it
    assert world.paid_state(first_invoice)["payments"] == 1


def test_only_recent_unsettled_sessions_of_connected_companies_are_found(fake, open_for, actor):
    _, recent = open_for()
    _, old = open_for()
    _, paid = open_for()
    fake.pay(paid)
    assert tick() == {"recorded": 1, "open": 2}
    with transaction():
        world.stored_session(old).created_at = world.stored_session(old).created_at - timedelta(hours=25)
    assert sweep.find_work() == [world.stored_session(recent).pk]
    with transaction():  # Stripe disconnected: nothing to ask
        world.company_of(actor.company.id).stripe_secret_key_sealed = None
    assert sweep.find_work() == []
