"""The fake Stripe server of the test suite (tests/support/fake_stripe.py), driven by the real
`stripe` package, so the payment tests can trust what it answers."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import stripe
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.support.fake_stripe import FakeStripe

KEY = "sk_test_company_one_abcd"
SECRET = "whsec_test_secret"


def session_params(amount=1234, currency="eur", invoice_id="42"):
    return {
        "mode": "payment",
        "line_items": [{"price_data": {"currency": currency, "unit_amount": amount,
                                       "product_data": {"name": "Invoice INV-1"}}, "quantity": 1}],
        "client_reference_id": invoice_id,
        "metadata": {"invoice_id": invoice_id, "company_id": "7"},
        "success_url": "http://corebill.test/i/tok?payment=success&session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://corebill.test/i/tok",
    }


@pytest.fixture
def fake():
    with FakeStripe() as server:
        yield server


@pytest.fixture
def client(fake):
    return stripe.StripeClient(KEY, base_addresses={"api": fake.url}, max_network_retries=0)


@pytest.fixture
def receiver():
    """A tiny webhook endpoint: keeps (event, verified) of each POST and answers 200."""
    received = []

    def app(environ, start_response):
        request = Request(environ)
        payload = request.get_data()
        try:
            event = stripe.Webhook.construct_event(payload, request.headers.get("Stripe-Signature"), SECRET)
            received.append((event, True))
        except stripe.SignatureVerificationError:
            received.append((None, False))
        return Response("ok")(environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/webhooks/stripe/7", received
    server.shutdown()
    server.server_close()


def test_the_same_idempotency_key_opens_one_session(fake, client):
    first = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "inv-42-1234-0"})
    again = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "inv-42-1234-0"})
    other = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "inv-42-1234-1"})
    assert first.id == again.id != other.id
    assert first.id.startswith("cs_test_")
    assert fake.sessions_created == 2
    assert [r[2] for r in fake.requests] == ["inv-42-1234-0", "inv-42-1234-0", "inv-42-1234-1"]
    assert first.object == "checkout.session"
    assert (first.amount_total, first.currency, first.status, first.payment_status) == (1234, "eur", "open", "unpaid")
    assert first.payment_intent is None and first.livemode is False
    assert first.metadata.to_dict() == {"invoice_id": "42", "company_id": "7"}
    assert first.client_reference_id == "42" and first.mode == "payment"
    assert first.url == f"{fake.url}/pay/{first.id}"
    assert first.expires_at == first.created + 24 * 3600


def test_an_idempotency_key_reused_with_other_params_is_refused(client):
    client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "k"})
    with pytest.raises(stripe.IdempotencyError):
        client.v1.checkout.sessions.create(params=session_params(amount=99), options={"idempotency_key": "k"})


def test_twenty_concurrent_creates_with_one_key_open_one_session(fake, client):
    def create(_):
        return client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": "double"}).id

    with ThreadPoolExecutor(20) as pool:
        ids = set(pool.map(create, range(20)))
    assert len(ids) == 1 and fake.sessions_created == 1


def test_missing_params_are_a_400_naming_the_param(client):
    params = session_params()
    del params["line_items"][0]["quantity"]
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(params=params)
    assert refused.value.http_status == 400 and refused.value.param == "line_items[0][quantity]"
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(params={k: v for k, v in session_params().items() if k != "mode"})
    assert refused.value.param == "mode" and refused.value.code == "parameter_missing"


def test_retrieve_and_expire_within_one_account(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params())
    assert client.v1.checkout.sessions.retrieve(session.id).id == session.id
    other_company = fake.client("sk_test_company_two")
    with pytest.raises(stripe.InvalidRequestError) as missing:
        other_company.v1.checkout.sessions.retrieve(session.id)
    assert missing.value.http_status == 404 and missing.value.code == "resource_missing"

    assert client.v1.checkout.sessions.expire(session.id).status == "expired"
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.expire(session.id)
    assert refused.value.http_status == 400 and "expired" in refused.value.user_message
    assert requests.get(session.url, timeout=5).text.count("<button") == 0


def test_a_session_past_its_expiry_is_expired(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params())
    fake.clock = lambda: time.time() + 24 * 3600 + 1
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"


def test_paying_on_the_hosted_page_then_retrieving(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params(amount=150000))
    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200 and "Fake Stripe Checkout" in page.text
    assert "1500.00 EUR" in page.text and "Invoice INV-1" in page.text
    assert 'value="paid">Pay</button>' in page.text and 'value="processing">Pay by bank debit</button>' in page.text

    paid = requests.post(session.url, data={"outcome": "paid"}, allow_redirects=False, timeout=5)
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"http://corebill.test/i/tok?payment=success&session_id={session.id}"
    again = client.v1.checkout.sessions.retrieve(session.id)
    assert (again.status, again.payment_status) == ("complete", "paid")
    assert again.payment_intent.startswith("pi_")
    assert requests.post(session.url, data={"outcome": "paid"}, allow_redirects=False, timeout=5).status_code == 409


def test_refunds_up_to_what_was_paid(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params(amount=1234))
    intent = fake.pay(session.id)["data"]["object"]["payment_intent"]
    params = {"payment_intent": intent, "amount": 1000, "reason": "requested_by_customer"}
    refund = client.v1.refunds.create(params=params, options={"idempotency_key": "refund-1"})
    assert (refund.object, refund.amount, refund.currency, refund.status) == ("refund", 1000, "eur", "succeeded")
    assert refund.id.startswith("re_") and refund.payment_intent == intent and refund.reason == "requested_by_customer"
    replay = client.v1.refunds.create(params=params, options={"idempotency_key": "refund-1"})
    assert replay.id == refund.id and len(fake.refunds) == 1

    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.refunds.create(params={"payment_intent": intent, "amount": 235})
    assert too_much.value.code == "amount_too_large" and too_much.value.http_status == 400
    assert "Refund amount (2.35 EUR) is greater than unrefunded amount on charge (2.34 EUR)" in str(too_much.value)
    client.v1.refunds.create(params={"payment_intent": intent, "amount": 234})
    with pytest.raises(stripe.InvalidRequestError) as refunded:
        client.v1.refunds.create(params={"payment_intent": intent, "amount": 1})
    assert refunded.value.code == "charge_already_refunded"
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.refunds.create(params={"payment_intent": "pi_nope", "amount": 1})
    assert unknown.value.code == "resource_missing" and unknown.value.http_status == 400
    with pytest.raises(stripe.InvalidRequestError):
        fake.client("sk_test_company_two").v1.refunds.create(params={"payment_intent": intent, "amount": 1})


def test_an_injected_card_error_answers_once(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params())
    intent = fake.pay(session.id)["data"]["object"]["payment_intent"]
    fake.fail_next("POST", "/v1/refunds", status=402,
                   error={"type": "card_error", "code": "expired_card", "message": "The card has expired."})
    with pytest.raises(stripe.CardError) as refused:
        client.v1.refunds.create(params={"payment_intent": intent, "amount": 100}, options={"idempotency_key": "r"})
    assert refused.value.user_message == "The card has expired." and refused.value.code == "expired_card"
    assert client.v1.refunds.create(params={"payment_intent": intent, "amount": 100},
                                    options={"idempotency_key": "r"}).amount == 100
    fake.fail_next("GET", "/v1/account", status=500)
    with pytest.raises(stripe.APIError):
        client.v1.accounts.retrieve_current()


def test_the_account_and_its_keys(fake, client):
    account = client.v1.accounts.retrieve_current()
    assert account.object == "account" and account.id.startswith("acct_") and account.charges_enabled is True
    assert account.settings.dashboard.display_name and account.email and account.country and account.default_currency
    assert fake.client("rk_live_restricted").v1.accounts.retrieve_current().id != account.id

    fake.revoked_keys.add(KEY)
    with pytest.raises(stripe.AuthenticationError) as refused:
        client.v1.accounts.retrieve_current()
    assert refused.value.http_status == 401 and "Invalid API Key provided: sk_test_****abcd" in str(refused.value)
    with pytest.raises(stripe.AuthenticationError):
        fake.client("pk_test_publishable").v1.accounts.retrieve_current()
    anonymous = requests.get(f"{fake.url}/v1/account", timeout=5)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["message"].startswith("You did not provide")


def test_events_are_signed_with_the_stripe_helpers(fake, client):
    session = client.v1.checkout.sessions.create(params=session_params())
    fake.pay(session.id, deliver=False)
    event = fake.event(session.id)
    assert event["id"] != fake.event(session.id)["id"]
    payload, header = fake.signed(event, SECRET)
    verified = stripe.Webhook.construct_event(payload, header, SECRET)
    assert verified.type == "checkout.session.completed" and verified.data.object.payment_status == "paid"
    old_payload, old_header = fake.signed(event, SECRET, timestamp=int(time.time()) - 301)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(old_payload, old_header, SECRET)


def test_webhooks_reach_the_configured_endpoint(fake, client, receiver):
    url, received = receiver
    fake.webhook(KEY, url, SECRET)
    card = client.v1.checkout.sessions.create(params=session_params())
    requests.post(card.url, data={"outcome": "paid"}, allow_redirects=False, timeout=5)
    debit = client.v1.checkout.sessions.create(params=session_params(invoice_id="43"))
    fake.pay(debit.id, outcome="processing")
    assert fake.session(debit.id)["payment_status"] == "unpaid" and fake.session(debit.id)["payment_intent"]
    fake.settle_async(debit.id, succeeded=True)
    failed = client.v1.checkout.sessions.create(params=session_params(invoice_id="44"))
    fake.pay(failed.id, outcome="processing")
    fake.settle_async(failed.id, succeeded=False)

    assert all(verified for _, verified in received)
    assert [(e.type, e.data.object.id, e.data.object.payment_status) for e, _ in received] == [
        ("checkout.session.completed", card.id, "paid"),
        ("checkout.session.completed", debit.id, "unpaid"),
        ("checkout.session.async_payment_succeeded", debit.id, "paid"),
        ("checkout.session.completed", failed.id, "unpaid"),
        ("checkout.session.async_payment_failed", failed.id, "unpaid"),
    ]
    assert [status for _, _, status in fake.deliveries] == [200] * 5

    fake.deliver_webhooks = False
    quiet = client.v1.checkout.sessions.create(params=session_params(invoice_id="45"))
    fake.pay(quiet.id)
    assert len(received) == 5
    other = fake.client("sk_test_company_two").v1.checkout.sessions.create(params=session_params())
    fake.deliver_webhooks = True
    fake.pay(other.id)
    assert len(received) == 5
