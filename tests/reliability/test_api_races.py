"""The same races through the real HTTP door: a threaded werkzeug server in front of the app,
concurrent API clients. Full-amount payments on one invoice: exactly one 200 and no 5xx;
one Idempotency-Key sent by many clients at once: one customer, no 5xx."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import Customer, Invoice
from app.services import transaction
from tests.reliability import workers as w

pytestmark = pytest.mark.commits


def _no_mail(invoice, reminder):
    return None


def test_api_payment_and_idempotency_races(app, make_account, figure):
    owner, customer, raw = w.owner_with_key(make_account, "api-races@example.com", "API Races",
                                            {"name": "Payer", "country": "US", "email": "payer@example.com"})
    with transaction():
        invoice = invoices.create_invoice(owner, {"customer_id": customer.id, "due_date": "2099-01-01",
                                                  "items": [{"name": "Work", "quantity": 1, "unit_price": "250"}]})
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, _no_mail)
    company, invoice_id, invoice_pk, company_pk = owner.company.id, invoice.id, invoice.pk, owner.company.pk
    clients = 20
    auth = {"Authorization": "Bearer " + raw}
    with w.serving(app, clients) as port:
        pays = [status for status, _ in w.burst(port, [
            ("POST", f"/v1/invoices/{invoice_id}/record_payment?company_id={company}", {"amount": 250}, auth)] * clients)]
        same = [status for status, _ in w.burst(port, [
            ("POST", f"/v1/customers?company_id={company}", {"name": "Once Ltd", "country": "US"},
             dict(auth, **{"Idempotency-Key": "race-key-1"}))] * clients)]
    paid = db.session.scalar(select(Invoice.amount_paid).where(Invoice.pk == invoice_pk))
    created = db.session.scalar(select(func.count()).where(Customer.company_pk == company_pk, Customer.name == "Once Ltd"))
    w.release()
    pay_counts, same_counts = Counter(pays), Counter(same)
    figure("api-races", f"{clients} simultaneous full payments through the API: statuses {dict(sorted(pay_counts.items()))}, "
                        f"paid {paid.normalize():f} of 250; {clients} simultaneous creations with one Idempotency-Key: "
                        f"statuses {dict(sorted(same_counts.items()))}, {created} customer created")
    assert pay_counts[200] == 1 and paid == 250
    assert not any(status >= 500 for status in pays + same), (pays, same)
    assert created == 1 and set(same) <= {201, 409}
