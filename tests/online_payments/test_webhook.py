"""The Stripe webhook (DESIGN §16 "Recording", issue 27 points 3 and 6): a signed event of a
paid Checkout Session records one payment however often it comes; a bad, old or missing
signature, another company's event, a malformed company id or body is a 400 with the JSON
error object and records nothing; an unknown event type is acknowledged; a body over 1 MB is
a 413; the endpoint needs no CSRF token, and nothing else is relaxed."""
from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Payment, StripeEvent
from tests.online_payments import stripe_world as world
from tests.security.helpers import csrf_on

KEY_A, KEY_B = world.SECRET_KEYS
HOOK_A, HOOK_B = world.WEBHOOK_SECRETS


@pytest.fixture()
def shop(fake, actor, sent_invoice):
    """The default company connected to the fake, with a session open for its sent invoice."""
    world.connect(fake, actor.company.id, KEY_A, HOOK_A)
    session, _ = world.open_session(actor.company.id, sent_invoice.id, KEY_A)
    return {"company": actor.company.id, "invoice": sent_invoice.id, "session": session["id"]}


def nothing_recorded() -> bool:
    return (db.session.scalar(select(func.count()).select_from(Payment)) == 0
            and db.session.scalar(select(func.count()).select_from(StripeEvent)) == 0)


def refused(response, status: int = 400) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)[:200]
    return response.get_json()["error"]


def test_a_paid_session_is_recorded_once_whatever_comes_again(client, fake, shop):
    event = fake.pay(shop["session"], deliver=False)
    payload, header = fake.signed(event, HOOK_A)
    first = world.post(client, shop["company"], payload, header)
    assert first.status_code == 200 and first.get_json() == {"received": True, "outcome": "recorded"}
    assert world.post(client, shop["company"], payload, header).get_json()["outcome"] == "duplicate"
    again = fake.signed(fake.event(shop["session"]), HOOK_A)  # Stripe's second event about the same session
    assert world.post(client, shop["company"], *again).get_json()["outcome"] == "already recorded"
    state = world.paid_state(shop["invoice"])
    assert state["payments"] == 1 and state["activities"] == 1 and state["providers"] == ["stripe"]
    assert state["status"] == "paid" and state["amount_due"] == 0 and state["amount_overpaid"] == 0
    payment = db.session.scalars(select(Payment)).one()
    assert payment.provider_payment_id == fake.session(shop["session"])["payment_intent"]
    assert payment.payment_method == "stripe" and payment.amount == state["amount_paid"]
    assert world.stored_session(shop["session"]).settled_at is not None


def test_a_pending_bank_debit_is_recorded_when_it_succeeds_and_noted_when_it_fails(client, fake, shop, actor,
                                                                                     make_sent_invoice):
    completed = fake.pay(shop["session"], "processing", deliver=False)
    assert world.post(client, shop["company"], *fake.signed(completed, HOOK_A)).get_json()["outcome"] == "processing"
    assert world.paid_state(shop["invoice"])["payments"] == 0
    succeeded = fake.settle_async(shop["session"], deliver=False)
    assert world.post(client, shop["company"], *fake.signed(succeeded, HOOK_A)).get_json()["outcome"] == "recorded"
    assert world.paid_state(shop["invoice"])["status"] == "paid"

    other = make_sent_invoice(actor, due_date="2099-01-01")
    session, _ = world.open_session(shop["company"], other.id, KEY_A)
    fake.pay(session["id"], "processing", deliver=False)
    failed = fake.settle_async(session["id"], succeeded=False, deliver=False)
    assert world.post(client, shop["company"], *fake.signed(failed, HOOK_A)).get_json()["outcome"] == "failed"
    stored = world.stored_session(session["id"])
    assert stored.payment_status == "failed" and stored.settled_at is not None
    assert world.paid_state(other.id)["payments"] == 0


def test_a_bad_old_or_missing_signature_is_a_400_and_records_nothing(client, fake, shop):
    event = fake.pay(shop["session"], deliver=False)
    payload, header = fake.signed(event, HOOK_A)
    old = fake.signed(event, HOOK_A, timestamp=int(time.time()) - 301)[1]
    attempts = {
        "another secret": fake.signed(event, "whsec_not_the_company_s")[1],
        "old (301 s)": old,
        "garbage header": "t=abc,v1=def",
        "no v1 signature": header.split(",")[0],
        "empty": "",
    }
    for label, bad in attempts.items():
        error = refused(world.post(client, shop["company"], payload, bad))
        assert error["code"] == "invalid_signature", label
        assert HOOK_A not in json.dumps(error)
    assert refused(world.post(client, shop["company"], payload, None))["code"] == "invalid_signature"
    tampered = payload.replace(b'"amount_total": ', b'"amount_total": 1')
    assert refused(world.post(client, shop["company"], tampered, header))["code"] == "invalid_signature"
    assert nothing_recorded()
    recent = fake.signed(event, HOOK_A, timestamp=int(time.time()) - 250)  # within the 300 s tolerance
    assert world.post(client, shop["company"], *recent).get_json()["outcome"] == "recorded"


@pytest.mark.parametrize("company_id", ["com_doesnotexist", "x", "com_", "com_ABC", "com_a%00b", "com_é1",
                                        "com_" + "a" * 300, "1 OR 1=1", "..%2f..%2fetc"])
def test_an_unknown_or_malformed_company_is_a_400_never_a_5xx(client, fake, shop, company_id):
    payload, header = fake.signed(fake.pay(shop["session"], deliver=False), HOOK_A)
    response = client.post(f"/webhooks/stripe/{company_id}", data=payload, headers={"Stripe-Signature": header})
    assert response.status_code in (400, 404), response.status_code  # 404: a path the route does not match
    if response.status_code == 400:
        assert refused(response)["param"] == "company_id"
    assert nothing_recorded()


def test_a_company_not_connected_or_without_a_webhook_secret_is_a_400(client, fake, make_account):
    other = make_account(email="b@example.com", company="Beta")
    event = {"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {"object": {"id": "cs_1"}}}
    payload = json.dumps(event)
    header = fake.signed(event, HOOK_B)[1]
    assert refused(world.post(client, other.company.id, payload.encode(), header))["code"] == "not_connected"
    world.connect(fake, other.company.id, KEY_B, None)
    assert refused(world.post(client, other.company.id, payload.encode(), header))["code"] == "not_connected"


def test_company_a_s_event_on_company_b_s_url_is_a_400_and_records_nothing(client, fake, shop, make_account):
    other = make_account(email="b@example.com", company="Beta")
    world.connect(fake, other.company.id, KEY_B, HOOK_B)
    event = fake.pay(shop["session"], deliver=False)
    signed_by_a = fake.signed(event, HOOK_A)
    assert refused(world.post(client, other.company.id, *signed_by_a))["code"] == "invalid_signature"
    # Even signed with B's own secret (B's account forwarding it, or a replay), A's session is not B's to record.
    error = refused(world.post(client, other.company.id, *fake.signed(event, HOOK_B)))
    assert error["param"] == "company_id"
    assert nothing_recorded()
    assert world.post(client, shop["company"], *signed_by_a).get_json()["outcome"] == "recorded"


def test_other_event_types_are_acknowledged_and_ignored(client, fake, shop):
    for event_type in ("payment_intent.succeeded", "charge.refunded", "checkout.session.expired", "x" * 300):
        event = fake.event(shop["session"], type=event_type)
        response = world.post(client, shop["company"], *fake.signed(event, HOOK_A))
        assert response.status_code == 200 and response.get_json() == {"received": True, "outcome": "ignored"}
    assert nothing_recorded()


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"{}", b'{"id": 5, "type": "x"}', b"\xff\xfe",
                                  b'{"id": "evt_1", "type": "checkout.session.completed"}',
                                  b'{"id": "evt_1", "type": "checkout.session.completed", "data": []}',
                                  b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": [1]}}',
                                  b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": '
                                  b'{"id": "cs_1", "metadata": "x", "amount_total": "12"}}}',
                                  b'{"id": "evt_' + b"1" * 300 + b'", "type": "checkout.session.completed", '
                                  b'"data": {"object": {"id": "cs_1"}}}',
                                  b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": '
                                  b'{"id": "cs_1", "status": "' + b"x" * 40 + b'"}}}',
                                  b'{"id": "evt_1", "type": "checkout.session.completed", "data": {"object": '
                                  b'{"id": "cs_1", "payment_intent": {"id": "pi_' + b"1" * 200 + b'"}}}}'])
def test_a_body_that_is_not_an_event_is_a_400_even_when_signed(client, shop, body):
    import stripe

    text = body.decode("utf-8", errors="replace")
    header = stripe.WebhookSignature.generate_signature_header(text, HOOK_A)
    error = refused(world.post(client, shop["company"], body, header))
    assert error["code"] in ("invalid_event", "invalid_signature")
    assert nothing_recorded()


def test_an_event_for_an_invoice_the_company_no_longer_has_is_acknowledged(client, fake, shop):
    fake.session(shop["session"])["metadata"]["invoice_id"] = "inv_gonegonegone"
    fake.session(shop["session"])["client_reference_id"] = "inv_gonegonegone"
    response = world.post(client, shop["company"], *fake.signed(fake.pay(shop["session"], deliver=False), HOOK_A))
    assert response.status_code == 200 and response.get_json()["outcome"] == "no such invoice"
    assert nothing_recorded()


def test_a_body_over_one_megabyte_is_a_413_before_anything_else(client, fake, shop):
    limit = client.application.config["STRIPE_WEBHOOK_MAX_BYTES"]
    assert limit == 1024 * 1024
    big = b'{"id": "evt_big", "type": "x", "pad": "' + b"a" * limit + b'"}'
    error = refused(world.post(client, "com_doesnotexist", big, "t=1,v1=x"), 413)
    assert error["code"] == "payload_too_large"
    assert refused(world.post(client, shop["company"], big, "t=1,v1=x"), 413)["code"] == "payload_too_large"
    assert refused(world.post(client, shop["company"], b"a" * (limit + 1), "t=1,v1=x"), 413)
    assert refused(world.post(client, shop["company"], b"a" * limit, "t=1,v1=x"))["code"] == "invalid_signature"


def test_only_post_is_answered(client, shop):
    for method in ("GET", "PUT", "DELETE", "PATCH"):
        assert client.open(world.path(shop["company"]), method=method).status_code == 405


def test_no_csrf_token_is_needed_and_errors_stay_json(app, client, fake, shop):
    with csrf_on(app):
        assert refused(world.post(client, shop["company"], b"{}", "t=1,v1=x"))["code"] == "invalid_signature"
        response = world.post(client, shop["company"], *fake.signed(fake.pay(shop["session"], deliver=False), HOOK_A))
    assert response.status_code == 200 and response.get_json()["outcome"] == "recorded"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # the security headers are not relaxed
    assert world.paid_state(shop["invoice"])["amount_paid"] > Decimal(0)


def test_each_event_is_logged_without_its_secret_or_body(client, fake, shop, caplog):
    caplog.set_level("INFO", logger="app.online_payments.webhook")
    event = fake.pay(shop["session"], deliver=False)
    world.post(client, shop["company"], *fake.signed(event, HOOK_A))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert event["id"] in logged and "checkout.session.completed" in logged and "recorded" in logged
    assert HOOK_A not in logged and KEY_A not in logged and "amount_total" not in logged
    caplog.clear()
    payload, header = fake.signed(event, "whsec_wrong")
    world.post(client, shop["company"], payload, header)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "400 invalid_signature" in logged and header not in logged and "amount_total" not in logged
