"""A quote converts once (DESIGN §12), whatever the concurrency: simultaneous converts
through the real HTTP door give one 201 and 409s naming the invoice, one invoice linked to
the quote, no 5xx. Run on PostgreSQL (TEST_DATABASE_URL) the quote's row lock
(tenancy.get(..., for_update=True)) serialises them; SQLite's writers queue."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.models import Invoice
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.services import accounts, customers, transaction
from tests.reliability import workers as w


def test_simultaneous_converts_make_one_invoice(app, make_account, figure):
    owner = make_account(email="quote-races@example.com", company="Quote Races")
    with transaction():
        customer = customers.create_customer(owner, {"name": "Buyer", "country": "US", "email": "buyer@example.com"})
        quote = quotes.create_quote(owner, {"customer_id": customer.id, "expiry_date": "2099-01-01",
                                            "items": [{"name": "Work", "quantity": 3, "unit_price": "250"}]})
        _, raw = accounts.create_api_key(owner.user, "races")
    with transaction():
        quote_lifecycle.send_quote(owner, quote.id, lambda *args: None)
    company, quote_id, quote_pk = owner.company.id, quote.id, quote.pk
    clients = 12
    with w.serving(app, clients) as port:
        answers = w.burst(port, [("POST", f"/v1/quotes/{quote_id}/convert?company_id={company}", {},
                                  {"Authorization": "Bearer " + raw})] * clients)
    linked = db.session.scalars(select(Invoice).where(Invoice.quote_pk == quote_pk)).all()
    invoices_made = db.session.scalar(select(func.count()).select_from(Invoice))
    w.release()
    statuses = Counter(status for status, _ in answers)
    database = "PostgreSQL" if w.is_postgres(app) else "SQLite"
    figure("quote-convert-race", f"{clients} simultaneous converts of one quote ({database}): "
                                 f"statuses {dict(sorted(statuses.items()))}, {invoices_made} invoice made")
    assert statuses == {201: 1, 409: clients - 1}, answers
    assert len(linked) == 1 and invoices_made == 1
    number = linked[0].invoice_number
    assert all(number in body["error"]["message"] for status, body in answers if status == 409)
