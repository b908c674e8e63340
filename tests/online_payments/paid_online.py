"""The refund tests' setting: a company connected to an account of a FakeStripe, invoices of
round amounts, and payments made through a Checkout Session of that account, paid on the fake
and recorded as the webhook records them (recording.record_session)."""
import copy

from app import sealed
from app.invoices import lifecycle
from app.online_payments import recording
from app.services import transaction

KEY = "sk_test_refunds"
ITEM = {"name": "Consulting", "quantity": 1, "unit_price": 100}


def connect(app, company, key=KEY) -> None:
    with transaction():
        company.stripe_secret_key_sealed = sealed.seal(key, app.config["SECRET_KEY"])


def sent_invoice(make_invoice, actor, price=100, currency="USD", **fields):
    """A sent invoice of one line at ``price``, without tax or discount."""
    invoice = make_invoice(actor, tax_rate=0, discount_type=None, discount_value=None, currency=currency,
                           due_date="2099-01-01", items=[{**ITEM, "unit_price": price}], **fields)
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)
    return invoice


def pay_online(fake, invoice, minor_units, key=KEY):
    """A Checkout Session of ``minor_units`` for ``invoice``, paid on the fake and recorded; the payment."""
    session = fake.client(key).v1.checkout.sessions.create(params={
        "mode": "payment", "success_url": "https://corebill.example/ok", "client_reference_id": invoice.id,
        "metadata": {"invoice_id": invoice.id, "company_id": invoice.company.id},
        "line_items": [{"quantity": 1, "price_data": {"currency": invoice.currency.lower(), "unit_amount": minor_units,
                                                      "product_data": {"name": f"Invoice {invoice.invoice_number}"}}}]})
    fake.pay(session.id, deliver=False)
    with transaction():
        payment, new = recording.record_session(invoice.company, copy.deepcopy(fake.session(session.id)))
    assert new and payment.provider == "stripe"
    return payment


def stripe_refund_calls(fake) -> list:
    """The ``POST /v1/refunds`` the fake received: (method, path, idempotency key)."""
    return [call for call in fake.requests if call[:2] == ("POST", "/v1/refunds")]
