"""Concurrency: invoice numbers stay unique and gapless, an invoice is never overpaid and
refunds never exceed payments, whatever many workers do at the same moment.

The full sizes run on PostgreSQL (CI runs the suite there: TEST_DATABASE_URL); on SQLite,
whose writers queue on BEGIN IMMEDIATE (app/sqlite.py), a smaller version of the same
checks runs instead."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app import money
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import Invoice, InvoiceCounter, Payment, Refund
from app.services import customers
from tests.reliability import workers as w

pytestmark = pytest.mark.commits

PG_ONLY = "needs PostgreSQL (set TEST_DATABASE_URL=postgresql://…); the SQLite version runs instead"
SQLITE_ONLY = "the PostgreSQL version of this check runs instead"


def _create_job(company_id, user_id, customer_id):
    def job():
        actor = w.actor_in_session(company_id, user_id)
        invoice = invoices.create_invoice(actor, {"customer_id": customer_id, "issue_date": "2025-06-01",
                                                  "items": [{"name": "Work", "quantity": 1, "unit_price": "10"}]})
        return invoice.invoice_number
    return job


def number_report(company_pk: int, prefix: str) -> dict:
    numbers = list(db.session.scalars(select(Invoice.invoice_number).where(Invoice.company_pk == company_pk)))
    counters = [int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(prefix + "-2025-")]
    unique = set(counters)
    top = max(unique, default=0)
    counter = db.session.scalar(select(InvoiceCounter.value).where(InvoiceCounter.company_pk == company_pk,
                                                                   InvoiceCounter.kind == "invoice",
                                                                   InvoiceCounter.year == 2025))
    w.release()
    return {"count": len(numbers), "duplicates": len(counters) - len(unique),
            "gaps": len(set(range(1, top + 1)) - unique), "counter": counter, "top": top}


def creations(app, make_account, figure, *, total: int, workers: int, companies: int, name: str):
    accounts = [make_account(email=f"numbers{n}@example.com", company=f"Numbers {n}", invoice_prefix=f"C{n}")
                for n in range(companies)]
    targets = [(a.company.id, a.user.id, w.new_customer(a).id, a.company.pk, a.company.invoice_prefix) for a in accounts]
    jobs = [_create_job(*targets[n % companies][:3]) for n in range(total)]
    with w.pooled_app(app, workers) as pooled:
        results, errors = w.run(pooled, jobs, workers)
    reports = [number_report(pk, prefix) for *_, pk, prefix in targets]
    created = sum(1 for r in results if r and r[0] == "ok")
    dupes, gaps = sum(r["duplicates"] for r in reports), sum(r["gaps"] for r in reports)
    backend = "PostgreSQL" if w.is_postgres(app) else "SQLite"
    figure(name, f"{total} invoice creations from {workers} concurrent workers across {companies} "
                 f"compan{'y' if companies == 1 else 'ies'} on {backend}: {created} created, {len(errors)} errors, "
                 f"{dupes} duplicate numbers, {gaps} gaps")
    assert not errors, errors[:5]
    assert created == total
    for report, share in zip(reports, [len(range(n, total, companies)) for n in range(companies)]):
        assert report == {"count": share, "duplicates": 0, "gaps": 0, "counter": share, "top": share}


@pytest.mark.postgres
def test_numbers_from_16_workers_on_postgres(app, make_account, figure):
    if not w.is_postgres(app):
        pytest.skip(PG_ONLY)
    creations(app, make_account, figure, total=1000, workers=16, companies=2, name="numbering-concurrency")


def test_numbers_from_8_workers_on_sqlite(app, make_account, figure):
    if w.is_postgres(app):
        pytest.skip(SQLITE_ONLY)
    creations(app, make_account, figure, total=200, workers=8, companies=2, name="numbering-concurrency-sqlite")


def _paid_state(invoice_id: str) -> dict:
    invoice = db.session.scalars(select(Invoice).where(Invoice.id == invoice_id)).one()
    db.session.refresh(invoice)
    paid = db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.invoice_pk == invoice.pk))
    refunded = db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0)).where(Refund.invoice_pk == invoice.pk))
    state = {"total": invoice.total, "amount_paid": invoice.amount_paid, "amount_due": invoice.amount_due,
             "amount_refunded": invoice.amount_refunded, "amount_credited": invoice.amount_credited,
             "payments_sum": Decimal(paid),
             "refunds_sum": Decimal(refunded), "status": invoice.status,
             "payments": db.session.scalar(select(func.count()).where(Payment.invoice_pk == invoice.pk)),
             "refunds": db.session.scalar(select(func.count()).where(Refund.invoice_pk == invoice.pk))}
    w.release()
    return state


def _consistent(state: dict) -> bool:
    """The sums match the rows, and amount_due is DESIGN §5's (a cancelled invoice owes nothing)."""
    owed = state["total"] - state["amount_credited"] - (state["amount_paid"] - state["amount_refunded"])
    return (state["amount_paid"] == state["payments_sum"] and state["amount_refunded"] == state["refunds_sum"]
            and state["amount_due"] == (0 if state["status"] == "cancelled" else owed) and owed >= 0
            and state["amount_refunded"] <= state["amount_paid"])


def money_races(app, make_account, figure, *, workers: int, name: str):
    owner = make_account(email="races@example.com", company="Races Ltd")
    customer = w.new_customer(owner)
    company_id, user_id = owner.company.id, owner.user.id
    full = w.new_sent_invoice(owner, customer)
    refund_parts = w.new_sent_invoice(owner, customer, paid="100")
    refund_all = w.new_sent_invoice(owner, customer, paid="100")
    mixed = w.new_sent_invoice(owner, customer, amount="1000")
    w.release()

    def pay(invoice_id, amount):
        return lambda: lifecycle.record_payment(w.actor_in_session(company_id, user_id), invoice_id, {"amount": amount})

    def refund(invoice_id, amount=None):
        data = {"amount": amount} if amount else {}
        return lambda: lifecycle.refund_invoice(w.actor_in_session(company_id, user_id), invoice_id, data)

    def cancel(invoice_id):
        return lambda: lifecycle.cancel_invoice(w.actor_in_session(company_id, user_id), invoice_id, "race")

    rng = random.Random(2024)
    chaos = [rng.choice([pay(mixed, "70"), pay(mixed, "70"), refund(mixed, "30"), refund(mixed, "30"),
                         cancel(mixed)]) for _ in range(3 * workers)]
    with w.pooled_app(app, workers) as pooled:
        pays, pay_errors = w.run(pooled, [pay(full, "100") for _ in range(20)], workers)
        parts, part_errors = w.run(pooled, [refund(refund_parts, "30") for _ in range(20)], workers)
        alls, all_errors = w.run(pooled, [refund(refund_all) for _ in range(20)], workers)
        mixes, mix_errors = w.run(pooled, chaos, workers)
    ok = lambda results: sum(1 for r in results if r[0] == "ok")  # noqa: E731
    states = {key: _paid_state(i) for key, i in (("full", full), ("parts", refund_parts), ("all", refund_all),
                                                ("mixed", mixed))}
    errors = pay_errors + part_errors + all_errors + mix_errors
    backend = "PostgreSQL" if w.is_postgres(app) else "SQLite"
    figure(name + "-payments", f"20 concurrent payments of the full amount due on one invoice ({workers} workers, "
                               f"{backend}): {ok(pays)} succeeded, {20 - ok(pays)} refused, {len(pay_errors)} errors; "
                               f"paid {money.plain(states['full']['amount_paid'])} of {money.plain(states['full']['total'])}")
    figure(name + "-refunds", f"20 concurrent refunds of 30 on 100 paid: {ok(parts)} succeeded "
                              f"(refunded {money.plain(states['parts']['amount_refunded'])}); 20 concurrent full refunds: "
                              f"{ok(alls)} succeeded; {len(chaos)} mixed payments/refunds/cancels on one invoice: "
                              f"{sum(1 for s in states.values() if not _consistent(s))} inconsistent invoices, "
                              f"{len(errors)} errors")
    assert not errors, errors[:5]
    assert ok(pays) == 1 and states["full"]["amount_paid"] == states["full"]["total"] == Decimal(100)
    assert states["full"]["payments"] == 1 and states["full"]["status"] == "paid"
    assert ok(parts) == 3 and states["parts"]["amount_refunded"] == Decimal(90)
    assert ok(alls) == 1 and states["all"]["amount_refunded"] == Decimal(100) and states["all"]["refunds"] == 1
    assert all(_consistent(state) for state in states.values()), states


@pytest.mark.postgres
def test_payments_and_refunds_race_on_postgres(app, make_account, figure):
    if not w.is_postgres(app):
        pytest.skip(PG_ONLY)
    money_races(app, make_account, figure, workers=16, name="money-races")


def test_payments_and_refunds_race_on_sqlite(app, make_account, figure):
    if w.is_postgres(app):
        pytest.skip(SQLITE_ONLY)
    money_races(app, make_account, figure, workers=8, name="money-races-sqlite")


def same_name_customers(app, make_account, figure, *, total: int, workers: int):
    owner = make_account(email="slugs@example.com", company="Slugs Ltd")
    company_id, user_id, company_pk = owner.company.id, owner.user.id, owner.company.pk

    def job():
        actor = w.actor_in_session(company_id, user_id)
        return customers.create_customer(actor, {"name": "Same Name Ltd", "country": "US"}).slug
    with w.pooled_app(app, workers) as pooled:
        results, errors = w.run(pooled, [job for _ in range(total)], workers)
    from app.models import Customer
    slugs = list(db.session.scalars(select(Customer.slug).where(Customer.company_pk == company_pk)))
    w.release()
    backend = "PostgreSQL" if w.is_postgres(app) else "SQLite"
    figure("slug-concurrency" + ("" if w.is_postgres(app) else "-sqlite"),
           f"{total} customers with the same name from {workers} concurrent workers on {backend}: "
           f"{len(slugs)} created, {len(errors)} errors, {len(slugs) - len(set(slugs))} duplicate slugs")
    assert not errors, errors[:3]
    assert len(slugs) == len(set(slugs)) == total
    assert set(slugs) == {"same-name-ltd"} | {f"same-name-ltd-{n}" for n in range(2, total + 1)}


def test_same_name_customers_race(app, make_account, figure):
    big = w.is_postgres(app)
    same_name_customers(app, make_account, figure, total=64 if big else 24, workers=16 if big else 8)


def test_same_email_registrations_race(app, make_account, figure):
    from app.models import User
    from app.services import accounts as account_service
    workers = 16 if w.is_postgres(app) else 8

    def job():
        return account_service.register("race@example.com", "race password 1", "Race Co")[0].id
    with w.pooled_app(app, workers) as pooled:
        results, errors = w.run(pooled, [job for _ in range(workers)], workers)
    users = db.session.scalar(select(func.count()).where(func.lower(User.email) == "race@example.com"))
    w.release()
    ok = sum(1 for r in results if r[0] == "ok")
    refused = [r[1] for r in results if r[0] == "refused"]
    figure("registration-race" + ("" if w.is_postgres(app) else "-sqlite"),
           f"{workers} concurrent registrations with one email: {ok} account created, {len(refused)} refused "
           f"as taken, {len(errors)} errors")
    assert not errors, errors[:3]
    assert ok == 1 == users
    assert all("already exists" in str(getattr(r, "errors", {}).get("email", "")) for r in refused)


def test_numbers_of_one_company_from_8_workers(app, make_account, figure):
    total = 400 if w.is_postgres(app) else 160
    creations(app, make_account, figure, total=total, workers=8, companies=1, name="numbering-one-company")
