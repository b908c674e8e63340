"""Refunds on the dashboard (DESIGN §16): the refund form picks the payment (the most recent
with something left first), a Stripe payment goes back through Stripe, Stripe's refusal is said
on the form and changes nothing, and the invoice page shows what is overpaid and which payments
came through Stripe."""
import re

from app.extensions import db
from app.invoices import lifecycle
from app.models import CreditNote, Refund
from app.services import transaction
from tests.online_payments.paid_online import (
    connect,
    pay_online,
    sent_invoice,
    stripe_refund_calls,
)
from tests.support.html import flashes, input_value, selected, text_of


def _pay_by_hand(actor, invoice, amount):
    with transaction():
        return lifecycle.record_payment(actor, invoice.id, {"amount": amount})


def test_refund_form_picks_the_payment_and_refunds_through_stripe(app, client, owner, fake, make_invoice):
    connect(app, owner.company)
    invoice = sent_invoice(make_invoice, owner)
    by_hand = _pay_by_hand(owner, invoice, "30")
    online = pay_online(fake, invoice, 7000)
    html = text_of(client.get(f"/invoices/{invoice.id}/refund"))
    assert selected(html, "payment_id") == online.id and input_value(html, "amount") == "70"
    assert re.search(r"\$70\.00 via Stripe \(\$70\.00 left\)", html) and "refunded through Stripe" in html
    response = client.post(f"/invoices/{invoice.id}/refund", data={"payment_id": online.id, "amount": "25",
                                                                   "reason": "Late delivery"}, follow_redirects=True)
    assert "Refund of $25.00 recorded and sent back through Stripe." in flashes(text_of(response))
    assert fake.refunds[0]["amount"] == 2500 and fake.refunds[0]["payment_intent"] == online.provider_payment_id
    refund = db.session.query(Refund).one()
    assert (refund.payment_pk, refund.provider_refund_id, refund.reason) == (
        online.pk, fake.refunds[0]["id"], "Late delivery")
    # The payment by hand: no call to Stripe.
    client.post(f"/invoices/{invoice.id}/refund", data={"payment_id": by_hand.id, "amount": "30"})
    assert len(stripe_refund_calls(fake)) == 1 and db.session.query(Refund).count() == 2
    page = text_of(client.get(f"/invoices/{invoice.id}"))
    assert f"via Stripe · {online.provider_payment_id}" in page and f"via Stripe · {fake.refunds[0]['id']}" in page


def test_stripe_refusal_is_said_on_the_form_and_changes_nothing(app, client, owner, fake, make_invoice):
    connect(app, owner.company)
    invoice = sent_invoice(make_invoice, owner)
    pay_online(fake, invoice, 10000)
    fake.fail_next("POST", "/v1/refunds", 402)
    response = client.post(f"/invoices/{invoice.id}/refund", data={"amount": "10"})
    html = text_of(response)
    assert response.status_code == 400 and "Stripe refused: Your card was declined. Nothing was refunded." in html
    assert 'name="payment_id"' not in html  # one payment: nothing to choose
    db.session.expire_all()
    assert db.session.query(Refund).count() == 0 and db.session.query(CreditNote).count() == 0
    assert invoice.amount_refunded == 0 and invoice.status == "paid"


def test_disconnected_company_is_sent_back_with_the_reason(app, client, owner, fake, make_invoice):
    connect(app, owner.company)
    invoice = sent_invoice(make_invoice, owner)
    pay_online(fake, invoice, 10000)
    with transaction():
        owner.company.stripe_secret_key_sealed = None
    html = text_of(client.post(f"/invoices/{invoice.id}/refund", data={"amount": "10"}, follow_redirects=True))
    assert any("reconnect it in Settings → Payments" in flash for flash in flashes(html))
    assert db.session.query(Refund).count() == 0


def test_invoice_page_shows_overpaid_only_when_there_is(app, client, owner, fake, make_invoice):
    connect(app, owner.company)
    invoice = sent_invoice(make_invoice, owner)
    _pay_by_hand(owner, invoice, "100")
    assert 'data-figure="overpaid"' not in text_of(client.get(f"/invoices/{invoice.id}"))
    pay_online(fake, invoice, 4000)
    page = text_of(client.get(f"/invoices/{invoice.id}"))
    assert re.search(r'data-figure="overpaid">\$40\.00<', page) and "A refund can return it." in page
    form = text_of(client.get(f"/invoices/{invoice.id}/refund"))
    assert "$40.00 was paid beyond this invoice: a refund returns that first, with no credit note" in form
    client.post(f"/invoices/{invoice.id}/refund", data={"amount": "40"})
    page = text_of(client.get(f"/invoices/{invoice.id}"))
    assert 'data-figure="overpaid"' not in page and fake.refunds[0]["amount"] == 4000


def test_payments_by_hand_refund_as_before(client, owner, fake, make_invoice):
    """Several payments by hand: the form still offers everything paid, in one refund, without Stripe."""
    invoice = sent_invoice(make_invoice, owner)
    first, second = _pay_by_hand(owner, invoice, "60"), _pay_by_hand(owner, invoice, "40")
    html = text_of(client.get(f"/invoices/{invoice.id}/refund"))
    assert selected(html, "payment_id") == second.id and input_value(html, "amount") == "100"
    client.post(f"/invoices/{invoice.id}/refund", data={"payment_id": second.id, "amount": "100"})
    refund = db.session.query(Refund).one()
    assert (refund.amount, refund.payment_pk, fake.requests) == (100, None, [])
    assert invoice.amount_refunded == 100 and invoice.status == "refunded" and first.refunds == []
