"""Credit notes under concurrency (DESIGN §11): 16 workers issuing adjustments (with refunds
and payments mixed in) against the same few invoices. Credit note numbers have no duplicate
and no gap, and no invoice is ever credited more than it owed: each issue locks the
invoice's row and checks the amount due it reads under that lock.

The full size runs on PostgreSQL (TEST_DATABASE_URL); SQLite runs a smaller version."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app import money
from app.credit_notes import service as credit_notes
from app.extensions import db
from app.invoices import lifecycle
from app.models import CreditNote, Invoice, InvoiceCounter
from tests.reliability import workers as w

pytestmark = pytest.mark.commits


def _state(invoice_id: str) -> dict:
    invoice = db.session.scalars(select(Invoice).where(Invoice.id == invoice_id)).one()
    db.session.refresh(invoice)
    notes = db.session.scalar(select(func.coalesce(func.sum(CreditNote.total), 0))
                              .where(CreditNote.invoice_pk == invoice.pk))
    owed = invoice.total - invoice.amount_credited - (invoice.amount_paid - invoice.amount_refunded)
    return {"total": invoice.total, "credited": invoice.amount_credited, "notes_sum": Decimal(notes),
            "due": invoice.amount_due, "owed_unclamped": owed, "status": invoice.status}


def _numbers(company_pk: int) -> dict:
    numbers = list(db.session.scalars(select(CreditNote.number).where(CreditNote.company_pk == company_pk)))
    counters = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    counter = db.session.scalar(select(func.sum(InvoiceCounter.value)).where(
        InvoiceCounter.company_pk == company_pk, InvoiceCounter.kind == "credit_note"))
    unique = set(counters)
    return {"count": len(numbers), "duplicates": len(counters) - len(unique),
            "missing": len(set(range(1, max(unique, default=0) + 1)) - unique), "counter": counter or 0}


def test_credit_notes_from_16_workers(app, make_account, figure):
    postgres = w.is_postgres(app)
    workers, jobs_count = (16, 320) if postgres else (8, 80)
    owner = make_account(email="credits@example.com", company="Credits Ltd")
    customer = w.new_customer(owner)
    company_id, user_id, company_pk = owner.company.id, owner.user.id, owner.company.pk
    # Small enough that the credits run into what is owed (and are refused from then on).
    big, part, small = ("500", "200", "300") if postgres else ("200", "80", "100")
    targets = [w.new_sent_invoice(owner, customer, amount=big), w.new_sent_invoice(owner, customer, amount=big, paid=part),
               w.new_sent_invoice(owner, customer, amount=small, paid=small)]
    w.release()

    def credit(invoice_id, amount):
        return lambda: credit_notes.create_credit_note(w.actor_in_session(company_id, user_id),
                                                       {"invoice_id": invoice_id, "amount": amount})

    def refund(invoice_id):
        return lambda: lifecycle.refund_invoice(w.actor_in_session(company_id, user_id), invoice_id, {"amount": "10"})

    def pay(invoice_id):
        return lambda: lifecycle.record_payment(w.actor_in_session(company_id, user_id), invoice_id, {"amount": "15"})

    rng = random.Random(11)
    jobs = []
    for _ in range(jobs_count):
        target = rng.choice(targets)
        jobs.append(rng.choices([credit(target, str(rng.choice([7, 9.99, 13, 25]))), refund(target), pay(target)],
                                weights=[8, 1, 1])[0])
    with w.pooled_app(app, workers) as pooled:
        results, errors = w.run(pooled, jobs, workers)
    states = [_state(invoice_id) for invoice_id in targets]
    numbers = _numbers(company_pk)
    w.release()
    issued = sum(1 for result in results if result[0] == "ok" and isinstance(result[1], CreditNote))
    refused = sum(1 for result in results if result[0] == "refused")
    over = sum(1 for state in states if state["owed_unclamped"] < 0 or state["credited"] > state["total"])
    backend = "PostgreSQL" if postgres else "SQLite"
    figure("credit-note-races", f"{jobs_count} concurrent jobs ({workers} workers, {backend}) on 3 invoices, mostly "
                                f"credit notes with refunds and payments mixed in: {issued} adjustments issued, "
                                f"{refused} refused, {len(errors)} errors; {numbers['count']} credit notes numbered "
                                f"with {numbers['duplicates']} duplicates and {numbers['missing']} missing numbers; "
                                f"{over} invoices credited more than they owed; credited "
                                + ", ".join(f"{money.plain(s['credited'])} of {money.plain(s['total'])}" for s in states))
    assert not errors, errors[:5]
    assert numbers == {"count": numbers["count"], "duplicates": 0, "missing": 0, "counter": numbers["count"]}
    assert issued > 0 and refused > 0 and over == 0
    assert states[0]["due"] < 7  # credited up to what it owed (less than the smallest credit is left)
    for state in states:
        assert state["credited"] == state["notes_sum"]
        assert state["due"] == (0 if state["status"] == "cancelled" else state["owed_unclamped"])
