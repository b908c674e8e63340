"""The books the export tests read: a German company (de_DE, EUR, Europe/Berlin, DATEV numbers)
with two rates (19 % on 8400, 7 % on 8300), two customers with debtor accounts, and in April
2025: a sent invoice at both rates, a payment, a refund, an adjustment credit note, a draft
(left out) and an invoice issued in May (outside the range). Dates the services take from the
clock (a credit note's issue date, a refund's moment) are set to April afterwards."""
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest

from app.credit_notes import service as credit_notes
from app.extensions import db as _db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import CreditNote, Refund
from app.services import accounts, customers, tax_rates, transaction
from tests.exports.helpers import GERMAN
from tests.support.fakes import no_mail


@dataclass
class Books:
    actor: object
    vat19: str
    vat7: str
    mueller: object
    formula: object
    invoice: object
    late: object  # issued 30 April, corrected by the credit note
    may_invoice: object
    draft: object
    note: object
    payment: object
    refund: object


def _invoice(actor, customer, issue_date, items, send=True):
    with transaction():
        invoice = invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": issue_date,
                                                  "due_date": "2099-01-01", "currency": "EUR", "items": items})
    if send:
        with transaction():
            lifecycle.send_invoice(actor, invoice.id, deliver=no_mail)
    return invoice


@pytest.fixture()
def make_books(db):
    def make(actor):
        with transaction():
            accounts.update_company(actor, GERMAN)
            vat19 = tax_rates.create_tax_rate(actor, {"name": "USt", "percentage": 19, "account": "8400"}).id
            vat7 = tax_rates.create_tax_rate(actor, {"name": "USt", "percentage": 7, "account": "8300"}).id
            mueller = customers.create_customer(actor, {"name": "Müller GmbH", "country": "DE", "currency": "EUR",
                                                        "account_number": "10001", "email": "m@example.com"})
            formula = customers.create_customer(actor, {"name": "=HYPERLINK(\"http://x\")", "country": "DE",
                                                        "currency": "EUR", "account_number": "10002",
                                                        "email": "f@example.com"})
        items = [{"name": "Beratung", "quantity": 1, "unit_price": 100, "tax_rates": [vat19]},
                 {"name": "Buch", "quantity": 2, "unit_price": "10.50", "tax_rates": [vat7]}]
        invoice = _invoice(actor, mueller, "2025-04-15", items)  # 100 + 19 and 21 + 1.47: 141.47
        may_invoice = _invoice(actor, formula, "2025-05-01", items[:1])
        draft = _invoice(actor, mueller, "2025-04-16", items, send=False)
        other = _invoice(actor, formula, "2025-04-30", items[:1])  # 119.00
        with transaction():
            payment = lifecycle.record_payment(actor, invoice.id, {"amount": "141.47", "paid_at": "2025-04-20",
                                                                  "payment_method": "bank_transfer"})
        with transaction():
            refund = lifecycle.refund_invoice(actor, invoice.id, {"amount": "11.90", "reason": "Rabatt"})
        with transaction():
            note = credit_notes.create_credit_note(actor, {"invoice_id": other.id, "amount": "23.80"})
        with transaction():  # what the clock gave, moved into April
            # 23:30 in Berlin: still 30 April
            _db.session.get(Refund, refund.pk).created_at = datetime(2025, 4, 30, 21, 30, tzinfo=timezone.utc)
            _db.session.get(CreditNote, note.pk).issue_date = date(2025, 4, 28)
            for found in _db.session.query(CreditNote).filter(CreditNote.refund_pk == refund.pk):
                found.issue_date = date(2025, 4, 30)
        return Books(actor, vat19, vat7, mueller, formula, invoice, other, may_invoice, draft, note, payment, refund)
    return make


@pytest.fixture()
def books(actor, make_books):
    return make_books(actor)
