"""The Pay button on the client's invoice page (/i/<token>, DESIGN §16) against the fake
Stripe: shown only when the company is connected, online payment is on, the status takes a
payment and something is due; the post answers 303 to the Checkout Session (once under a
double click), 409 when nothing can be paid, 502 with a calm message when Stripe is down, 400
without its CSRF token; the success return says "Payment received" once it is recorded."""
from __future__ import annotations

import logging
import re
from html import unescape

import pytest

from app import sealed
from app.invoices import lifecycle
from app.models import CheckoutSession
from app.presentation import fmt_money
from app.services import transaction
from tests.online_payments.pay_helpers import KEY, connect, one_item, payments_of, sent, sessions_of
from tests.security.helpers import CSRF_INPUT, csrf_on, other_app, release
from tests.support.html import text_of

PAY_FORM = re.compile(r'<form class="pay" method="post" action="([^"]+)">.*?<button[^>]*>(.*?)</button>', re.S)


@pytest.fixture()
def connected(actor):
    connect(actor.company)
    return actor


def page(client, invoice, query: str = "", status: int = 200) -> str:
    response = client.get(f"/i/{invoice.public_token}{query}")
    assert response.status_code == status, text_of(response)[:2000]
    return text_of(response)


def pay_button(html: str) -> str | None:
    """The Pay button's text, or None when the page has none."""
    match = PAY_FORM.search(html)
    return unescape(match.group(2)) if match else None


def notice(html: str) -> str | None:
    match = re.search(r'<section class="notice[^"]*" role="(?:status|alert)"><strong>(.*?)</strong>', html)
    return unescape(match.group(1)) if match else None


def post_pay(client, invoice, **data):
    return client.post(f"/i/{invoice.public_token}/pay", data=data)


def test_the_button_shows_the_amount_due_and_posts_to_pay(client, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("1234.56", "EUR"))
    html = page(client, invoice)
    assert pay_button(html) == f"Pay {fmt_money(invoice.amount_due, 'EUR')}" == "Pay €1,234.56"
    assert PAY_FORM.search(html).group(1) == f"/i/{invoice.public_token}/pay"


def test_no_button_unless_connected_online_payable_and_due(client, actor, make_invoice):
    invoice = sent(make_invoice, actor)
    assert pay_button(page(client, invoice)) is None  # not connected
    connect(actor.company)
    assert pay_button(page(client, invoice)) is not None
    with transaction():
        invoice.online_payment = False
    assert pay_button(page(client, invoice)) is None
    paid = sent(make_invoice, actor)
    with transaction():
        lifecycle.record_payment(actor, paid.id, {"amount": str(paid.total)})
    cancelled = sent(make_invoice, actor)
    with transaction():
        lifecycle.cancel_invoice(actor, cancelled.id, "Ordered twice")
    assert pay_button(page(client, paid)) is None and pay_button(page(client, cancelled)) is None


def test_a_member_previewing_sees_a_note_instead(client, connected, login, make_invoice):
    invoice = sent(make_invoice, connected)
    draft = make_invoice(due_date="2099-01-01")
    login(connected.user.email)
    html = page(client, invoice)
    assert pay_button(html) is None
    assert f"Clients see a “Pay {fmt_money(invoice.amount_due, invoice.currency)}” button here" in unescape(html)
    html = page(client, draft)
    assert pay_button(html) is None and "Clients see a" not in unescape(html)
    assert post_pay(client, invoice).status_code == 403


def test_pay_answers_303_to_the_checkout_session(app, client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("1234.56", "EUR"))
    response = post_pay(client, invoice)
    assert response.status_code == 303
    url = response.headers["Location"]
    assert url.startswith(fake.url + "/pay/cs_test_")
    session = fake.session(url.rsplit("/", 1)[1])
    page_url = f"http://localhost/i/{invoice.public_token}"
    assert (session["amount_total"], session["currency"], session["client_reference_id"]) == (123456, "eur", invoice.id)
    assert session["metadata"] == {"invoice_id": invoice.id, "company_id": connected.company.id}
    assert session["success_url"] == page_url + "?payment=success&session_id={CHECKOUT_SESSION_ID}"
    assert session["cancel_url"] == page_url
    assert fake._line_items[session["id"]] == [(f"Invoice {invoice.invoice_number}", 123456, 1)]
    # The page lets its form's redirect reach Stripe's page (a browser checks form-action on it).
    assert fake.url in client.get(f"/i/{invoice.public_token}").headers["Content-Security-Policy"]


def test_jpy_amounts_reach_stripe_in_whole_yen(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("1500", "JPY"))
    assert pay_button(page(client, invoice)) == "Pay ¥1,500"
    session = fake.session(post_pay(client, invoice).headers["Location"].rsplit("/", 1)[1])
    assert (session["amount_total"], session["currency"]) == (1500, "jpy")


def test_a_double_click_opens_one_session(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    first, second = post_pay(client, invoice), post_pay(client, invoice)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert fake.sessions_created == 1 and len(sessions_of(invoice)) == 1


def test_nothing_to_pay_is_a_409_with_the_page(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    with transaction():
        lifecycle.record_payment(connected, invoice.id, {"amount": "80"})  # paid while the page was open
    response = post_pay(client, invoice)
    assert response.status_code == 409
    html = text_of(response)
    assert notice(html) == "This invoice cannot be paid online now: there is nothing to pay here."
    assert pay_button(html) is None and fake.sessions_created == 0
    other = sent(make_invoice, connected, **one_item("80", "EUR"))
    with transaction():
        other.online_payment = False
    assert post_pay(client, other).status_code == 409
    with transaction():
        connected.company.stripe_secret_key_sealed = None
    assert post_pay(client, sent(make_invoice, connected)).status_code == 409
    assert fake.sessions_created == 0


def test_stripe_down_is_a_calm_502_and_stores_nothing(client, fake, connected, make_invoice, caplog):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    fake.fail_next("POST", "/v1/checkout/sessions", 500, times=3)  # the package retries twice
    with caplog.at_level(logging.ERROR):
        response = post_pay(client, invoice)
    assert response.status_code == 502
    assert notice(text_of(response)).startswith("Online payment is not available right now.")
    assert sessions_of(invoice) == [] and fake.sessions_created == 0
    assert "not opened" in caplog.text and KEY not in caplog.text and KEY[-8:] not in caplog.text
    assert post_pay(client, invoice).status_code == 303  # back up


def test_without_its_csrf_token_the_post_is_refused(app, client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    with csrf_on(app):
        assert post_pay(client, invoice).status_code == 400
        assert fake.sessions_created == 0
        token = CSRF_INPUT.search(page(client, invoice))
        response = post_pay(client, invoice, csrf_token=token.group(1) or token.group(2))
    assert response.status_code == 303 and fake.sessions_created == 1


def returned(client, invoice, session_id: str, status: int = 200) -> str:
    return page(client, invoice, f"?payment=success&session_id={session_id}", status)


def test_the_return_of_a_paid_session_records_one_payment(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    session_id = post_pay(client, invoice).headers["Location"].rsplit("/", 1)[1]
    assert notice(returned(client, invoice, session_id)) is None  # not paid yet: nothing special
    fake.pay(session_id)  # no webhook reaches the server
    html = returned(client, invoice, session_id)
    assert notice(html) == "Payment received" and 'role="status"><strong>Payment received' in html
    assert pay_button(html) is None
    assert notice(returned(client, invoice, session_id)) == "Payment received"
    assert payments_of(invoice) == 1


def test_the_return_of_a_pending_debit_says_processing(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    session_id = post_pay(client, invoice).headers["Location"].rsplit("/", 1)[1]
    fake.pay(session_id, "processing")
    html = returned(client, invoice, session_id)
    assert notice(html) == "Payment processing" and pay_button(html) is None
    assert notice(page(client, invoice)) == "Payment processing"  # while the debit is on its way
    assert payments_of(invoice) == 0


def test_the_return_with_another_invoice_s_session_or_garbage(client, fake, connected, make_invoice):
    mine = sent(make_invoice, connected, **one_item("80", "EUR"))
    other = sent(make_invoice, connected, **one_item("90", "EUR"))
    theirs = post_pay(client, other).headers["Location"].rsplit("/", 1)[1]
    fake.pay(theirs)
    for value in (theirs, "cs_test_nothing", "", "%00", "cs_test_%00", theirs + "%0A", "x" * 3000,
                  "{CHECKOUT_SESSION_ID}"):
        html = returned(client, mine, value)
        assert notice(html) is None and pay_button(html) is not None
    assert page(client, mine, "?payment=success&session_id=a&session_id=b")
    assert payments_of(mine) == 0 and payments_of(other) == 0


def test_stripe_down_at_the_return_says_the_payment_is_being_confirmed(client, fake, connected, make_invoice):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    session_id = post_pay(client, invoice).headers["Location"].rsplit("/", 1)[1]
    fake.pay(session_id)
    fake.fail_next("GET", "/v1/checkout/sessions", 500, times=3)
    assert notice(returned(client, invoice, session_id)) == "Payment being confirmed"
    assert payments_of(invoice) == 0
    assert notice(returned(client, invoice, session_id)) == "Payment received"
    assert CheckoutSession.query.filter_by(stripe_id=session_id).one().payment_status == "paid"


def test_a_key_sealed_under_another_secret_is_a_502(client, fake, actor, make_invoice):
    invoice = sent(make_invoice, actor, **one_item("80", "EUR"))
    with transaction():
        actor.company.stripe_secret_key_sealed = sealed.seal(KEY, "an older SECRET_KEY")
    response = post_pay(client, invoice)
    assert response.status_code == 502 and sessions_of(invoice) == [] and fake.requests == []


@pytest.mark.commits
def test_the_pay_post_is_rate_limited_per_link(app, fake, make_account, make_customer, make_invoice, figure):
    owner = make_account(email="pay-limit@example.com", company="Pay Limit")
    connect(owner.company)
    invoice = sent(make_invoice, owner, customer=make_customer(owner), **one_item("80", "EUR"))
    token = invoice.public_token
    release()
    with other_app(app, RATELIMIT_ENABLED=True, PUBLIC_DECISION_RATE_LIMIT="3 per minute",
                   STRIPE_API_BASE=fake.url) as limited:
        visitor = limited.test_client()
        statuses = [visitor.post(f"/i/{token}/pay", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code
                    for n in range(8)]
    figure("pay-limit", f"8 Pay posts to one link from 8 addresses in a minute (limit 3): statuses {statuses}")
    assert statuses == [303] * 3 + [429] * 5 and fake.sessions_created == 1


def test_a_revoked_key_is_a_502_and_the_log_names_no_key(client, fake, connected, make_invoice, caplog):
    invoice = sent(make_invoice, connected, **one_item("80", "EUR"))
    fake.revoked_keys.add(KEY)
    with caplog.at_level(logging.ERROR):
        response = post_pay(client, invoice)
    assert response.status_code == 502 and sessions_of(invoice) == []
    assert "Invalid API Key" in caplog.text and "[key]" in caplog.text and KEY[-4:] not in caplog.text
