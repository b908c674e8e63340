"""Refunds through the API (DESIGN §16): a Stripe payment goes back through POST /v1/refunds
(payment intent, minor units, reason requested_by_customer, an idempotency key) and is recorded
with its credit note only when Stripe accepts; a refusal is a 502 naming Stripe's message and
changes nothing; the payment refunded, the caps, manual payments, retries and what is overpaid."""
from decimal import Decimal

from app import sealed
from app.extensions import db
from app.models import CreditNote, Refund
from app.services import transaction
from tests.online_payments.paid_online import (
    connect,
    pay_online,
    sent_invoice,
    stripe_refund_calls,
)
from tests.support.api import pay


def _refund(api, invoice, status=200, headers=None, **body):
    response = api.post(f"/v1/invoices/{invoice.id}/refund", json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_stripe_payment_is_refunded_through_stripe_then_recorded(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    payment = pay_online(fake, invoice, 10000)
    data = _refund(api, invoice, amount=40, reason="The second session was cancelled")["data"]
    [stripe_refund] = fake.refunds
    assert (stripe_refund["payment_intent"], stripe_refund["amount"], stripe_refund["reason"]) == (
        payment.provider_payment_id, 4000, "requested_by_customer")
    assert "cancelled" not in str(stripe_refund["metadata"])  # the owner's reason stays in the product
    [(_, _, key)] = stripe_refund_calls(fake)
    assert key and payment.id in key
    [refund] = data["refunds"]
    assert (refund["amount"], refund["payment_id"], refund["provider_refund_id"], refund["reason"]) == (
        40, payment.id, stripe_refund["id"], "The second session was cancelled")
    assert [(note["type"], note["total"]) for note in data["credit_notes"]] == [("refund", 40)]
    assert (data["amount_refunded"], data["status"], data["amount_overpaid"]) == (40, "refunded", 0)
    assert data["payments"][0]["provider"] == "stripe"
    # A second refund of the same amount is a new Stripe refund (another idempotency key).
    data = _refund(api, invoice, amount=40)["data"]
    assert [call[2] for call in stripe_refund_calls(fake)][0] != stripe_refund_calls(fake)[1][2]
    assert len(fake.refunds) == 2 and data["amount_refunded"] == 80 and len(data["credit_notes"]) == 2
    # What the payment has left (20) is the most Stripe is asked for.
    error = _refund(api, invoice, 400, amount=21)["error"]
    assert "At most 20 USD can be refunded" in error["message"] and error["param"] == "amount"
    assert _refund(api, invoice)["data"]["amount_refunded"] == 100  # the rest by default
    assert fake.refunds[-1]["amount"] == 2000 and len(fake.refunds) == 3


def test_jpy_is_sent_in_yen(app, api, actor, fake, make_customer, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor, price=5000, currency="JPY",
                           customer=make_customer(name="Tanaka KK", currency="JPY"))
    pay_online(fake, invoice, 5000)
    data = _refund(api, invoice, amount=1200)["data"]
    assert fake.refunds[0]["amount"] == 1200 and fake.refunds[0]["currency"] == "jpy"
    assert data["amount_refunded"] == 1200 and data["currency"] == "JPY"


def _unchanged(invoice, before):
    db.session.expire_all()
    assert db.session.query(Refund).count() == 0 and db.session.query(CreditNote).count() == 0
    assert (invoice.amount_paid, invoice.amount_refunded, invoice.amount_credited, invoice.status) == before


def test_stripe_refusing_is_a_502_naming_its_message_and_nothing_changes(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    payment = pay_online(fake, invoice, 10000)
    before = (invoice.amount_paid, invoice.amount_refunded, invoice.amount_credited, invoice.status)
    fake.fail_next("POST", "/v1/refunds", 402)
    error = _refund(api, invoice, 502, amount=10)["error"]
    assert "Your card was declined." in error["message"] and error["code"] == "payment_provider_error"
    _unchanged(invoice, before)
    # Refunded in Stripe's own dashboard meanwhile: Stripe refuses more than the charge has left.
    fake.client("sk_test_refunds").v1.refunds.create(params={"payment_intent": payment.provider_payment_id,
                                                             "amount": 9500})
    error = _refund(api, invoice, 502, amount=10)["error"]
    assert "greater than unrefunded amount" in error["message"]
    _unchanged(invoice, before)


def test_without_payment_id_the_most_recent_payment_with_something_left(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    assert pay(api, invoice.id, 30).status_code == 200
    online = pay_online(fake, invoice, 7000)
    by_hand = invoice.payments[0]
    data = _refund(api, invoice, amount=20)["data"]
    assert data["refunds"][0]["payment_id"] == online.id and fake.refunds[0]["amount"] == 2000
    error = _refund(api, invoice, 400, payment_id=online.id, amount=60)["error"]
    assert "At most 50 USD can be refunded from the payment" in error["message"]
    data = _refund(api, invoice, payment_id=by_hand.id, amount=30)["data"]  # by hand: Stripe is not asked
    assert data["refunds"][1]["payment_id"] == by_hand.id and len(stripe_refund_calls(fake)) == 1
    error = _refund(api, invoice, 400, payment_id=by_hand.id, amount=1)["error"]
    assert error["param"] == "payment_id" and "refunded in full" in error["message"]
    data = _refund(api, invoice)["data"]  # the most recent with something left: the online one, 50
    assert data["refunds"][2]["payment_id"] == online.id and fake.refunds[1]["amount"] == 5000
    assert data["amount_refunded"] == 100 and data["status"] == "refunded"


def test_payment_of_another_invoice_or_unknown_is_a_400(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice, other = sent_invoice(make_invoice, actor), sent_invoice(make_invoice, actor)
    elsewhere = pay_online(fake, other, 10000)
    pay_online(fake, invoice, 10000)
    for payment_id in (elsewhere.id, "pay_nosuchpayment", 42):
        error = _refund(api, invoice, 400, payment_id=payment_id, amount=10)["error"]
        assert error["param"] == "payment_id" and "No payment" in error["message"], error
    assert stripe_refund_calls(fake) == [] and db.session.query(Refund).count() == 0


def test_a_manual_payment_refund_never_calls_stripe(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    assert pay(api, invoice.id, 60).status_code == 200
    assert pay(api, invoice.id, 40).status_code == 200
    data = _refund(api, invoice, amount=70, payment_method="bank_transfer")["data"]
    # More than the most recent payment by hand: one refund by hand across both, naming none.
    assert (data["refunds"][0]["payment_id"], data["refunds"][0]["provider_refund_id"]) == (None, None)
    data = _refund(api, invoice)["data"]
    assert data["amount_refunded"] == 100 and fake.requests == []


def test_api_idempotency_key_retry_is_one_stripe_refund(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    pay_online(fake, invoice, 10000)
    first = _refund(api, invoice, amount=25, headers={"Idempotency-Key": "refund-25-once"})
    again = _refund(api, invoice, amount=25, headers={"Idempotency-Key": "refund-25-once"})
    assert first == again and len(fake.refunds) == 1 and len(stripe_refund_calls(fake)) == 1
    assert db.session.query(Refund).count() == 1


def test_a_lost_answer_is_retried_as_the_same_stripe_refund(app, api, actor, fake, make_invoice):
    """Stripe answered 500 (say the answer was lost): the package retries with the same key."""
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    pay_online(fake, invoice, 10000)
    fake.fail_next("POST", "/v1/refunds", 500)
    _refund(api, invoice, amount=25)
    calls = stripe_refund_calls(fake)
    assert len(calls) == 2 and calls[0][2] == calls[1][2] and len(fake.refunds) == 1


def test_disconnected_company_is_told_to_reconnect(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    pay_online(fake, invoice, 10000)
    with transaction():
        actor.company.stripe_secret_key_sealed = None
    before = (invoice.amount_paid, invoice.amount_refunded, invoice.amount_credited, invoice.status)
    error = _refund(api, invoice, 409, amount=10)["error"]
    assert "reconnect" in error["message"] and "Settings → Payments" in error["message"]
    _unchanged(invoice, before)
    assert fake.requests[-1][1] != "/v1/refunds"


def test_a_key_sealed_under_another_secret_key_is_asked_for_again(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    pay_online(fake, invoice, 10000)
    with transaction():
        actor.company.stripe_secret_key_sealed = sealed.seal("sk_test_elsewhere", "another-secret-key")
    before = (invoice.amount_paid, invoice.amount_refunded, invoice.amount_credited, invoice.status)
    error = _refund(api, invoice, 409, amount=10)["error"]
    assert "can no longer be read" in error["message"] and error["param"] == "payment_id"
    _unchanged(invoice, before)
    assert not fake.refunds


def test_overpaid_shows_and_a_refund_returns_it_without_a_credit_note(app, api, actor, fake, make_invoice):
    connect(app, actor.company)
    invoice = sent_invoice(make_invoice, actor)
    assert pay(api, invoice.id, 100).get_json()["data"]["status"] == "paid"
    online = pay_online(fake, invoice, 10000)  # the client paid online too
    data = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert (data["amount_overpaid"], data["amount_due"], data["status"]) == (100, 0, "paid")
    listed = api.get("/v1/invoices").get_json()["data"][0]
    assert listed["amount_overpaid"] == 100 and listed["online_payment"] is True
    data = _refund(api, invoice, reason="Paid twice")["data"]
    assert data["refunds"][0]["payment_id"] == online.id and fake.refunds[0]["amount"] == 10000
    assert (data["amount_overpaid"], data["amount_due"], data["status"], data["credit_notes"]) == (0, 0, "paid", [])
    assert Decimal(str(data["amount_refunded"])) == 100
