"""Plain helpers of the Pay button's tests: a company connected to the fake Stripe (its key
sealed as the connection stores it), the app pointed at the fake, and invoices to pay."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app import sealed
from app.extensions import db
from app.invoices import lifecycle
from app.models import CheckoutSession, Payment
from app.services import transaction

KEY = "sk_test_pay_button_4242"


def connect(company, key: str = KEY) -> None:
    """The company's Stripe secret key, sealed and committed (as Settings → Payments stores it)."""
    with transaction():
        company.stripe_secret_key_sealed = sealed.seal(key, current_app.config["SECRET_KEY"])


def sent(make_invoice, actor, **fields):
    """A sent invoice of ``actor`` (no mail), due 2099-01-01."""
    invoice = make_invoice(who=actor, due_date="2099-01-01", **fields)
    with transaction():
        return lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)


def one_item(amount: str, currency: str) -> dict:
    """The fields of an invoice of one item of ``amount``, without tax or discount."""
    return {"currency": currency, "tax_rate": 0, "discount_type": None, "discount_value": 0,
            "items": [{"name": "Work", "quantity": 1, "unit_price": amount}]}


def sessions_of(invoice) -> list[CheckoutSession]:
    return list(db.session.scalars(select(CheckoutSession).where(CheckoutSession.invoice_pk == invoice.pk)
                                   .order_by(CheckoutSession.pk)))


def payments_of(invoice) -> int:
    return db.session.scalar(select(func.count()).select_from(Payment).where(Payment.invoice_pk == invoice.pk))
