"""A quote converts once (DESIGN §12), whatever the concurrency: simultaneous converts
through the real HTTP door give one 201 and 409s naming the invoice, one invoice linked to
the quote, no 5xx. Run on PostgreSQL (TEST_DATABASE_URL) the quote's row lock
(tenancy.get(..., for_update=True)) serialises them; SQLite's writers queue."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Invoice
from tests.reliability import workers as w

pytestmark = pytest.mark.commits


def test_simultaneous_converts_make_one_invoice(app, make_account, make_quote, figure):
    owner, customer, raw = w.owner_with_key(make_account, "quote-races@example.com", "Quote Races",
                                            {"name": "Buyer", "country": "US", "email": "buyer@example.com"})
    quote = make_quote(owner, customer, status="sent", expiry_date="2099-01-01",
                       items=[{"name": "Work", "quantity": 3, "unit_price": "250"}])
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
