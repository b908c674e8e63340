"""Recurring invoices at scale: one tick with 10,000 active schedules due the same day, and
one tick with nothing due among 1,000,000 invoices (150,000 of them open, reminders on).

Data is made with bulk inserts (many rows per statement): customers, the schedules with
one item each, and lean invoice rows (no items: the tick never reads them). Then:

1. every schedule's next issue date is tomorrow, no reminder step is due: the whole tick
   (``due.run_due``, as a worker's tick finds the work) is timed, and the plans of its
   queries are printed — it must read index ranges, not every invoice;
2. every schedule is due today: the tick issues 10,000 draft invoices (one transaction per
   group of 50 schedules, as the worker's jobs do) and is timed.

    .venv/bin/python -m bench.recurring --database-url sqlite:////tmp/recurring.db
    .venv/bin/python -m bench.recurring --database-url postgresql://postgres@127.0.0.1:54330/bench
"""
from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, text, update

from app import seed as demo_seed
from app.extensions import db
from app.ids import new_id, new_token
from app.jobs import due
from app.models import Company, Invoice, RecurringInvoice, RecurringInvoiceItem
from app.recurring import service as recurring
from app.services import accounts, reminders, transaction
from app.services.tenancy import Actor
from bench.common import backend, explain, make_app, median_ms, parser

STEPS = [{"days": -3}, {"days": 0}, {"days": 7}, {"days": 14}]
BATCH = 10_000
OPEN_STATUSES = ("sent", "viewed", "partial", "overdue")


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _bulk(table, make_row, count: int) -> None:
    for start in range(0, count, BATCH):
        with transaction():
            db.session.execute(insert(table), [make_row(n) for n in range(start, min(count, start + BATCH))])


def make_company(today: date, invoices: int, open_invoices: int, schedules: int) -> Company:
    started = time.perf_counter()
    with transaction():
        _, company = accounts.register(f"recurring-bench-{random.randrange(10**9)}@example.com", "bench-password",
                                       "Recurring Bench")
    rng = random.Random(13)
    with transaction():
        customer_pks = demo_seed.seed_customers(company, 3000, rng)
    now = datetime.now(timezone.utc)
    money = {"tax_rate": Decimal(0), "discount_value": Decimal(0), "subtotal": Decimal("100"),
             "discount_amount": Decimal(0), "subtotal_after_discount": Decimal("100"), "tax_amount": Decimal(0),
             "total": Decimal("100"), "amounts_include_tax": False}

    def invoice_row(n: int) -> dict:
        # Open invoices fall due well away from today, so no reminder step is due: the tick
        # must still not walk them.
        is_open = n < open_invoices
        due_date = today + timedelta(days=30 + n % 300) if is_open else today - timedelta(days=400 + n % 900)
        return {"id": new_id("inv"), "company_pk": company.pk, "customer_pk": customer_pks[n % len(customer_pks)],
                "invoice_number": f"B-{n:07d}", "status": OPEN_STATUSES[n % 4] if is_open else "paid",
                "issue_date": due_date - timedelta(days=30), "due_date": due_date, "currency": "USD",
                "amount_paid": Decimal(0) if is_open else Decimal(100), "amount_refunded": Decimal(0),
                "amount_due": Decimal(100) if is_open else Decimal(0), "public_token": new_token(),
                "reminders_excluded": False, "created_at": now, "updated_at": now, **money}

    _bulk(Invoice.__table__, invoice_row, invoices)
    print(f"  {invoices:,} invoices ({open_invoices:,} open) in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()

    def schedule_row(n: int) -> dict:
        return {"id": new_id("rec"), "company_pk": company.pk, "customer_pk": customer_pks[n % len(customer_pks)],
                "currency": "USD", "interval": "month", "interval_count": 1, "start_date": today, "due_days": 30,
                "auto_send": False, "status": "active", "next_period": 0, "next_issue_date": today,
                "issued_count": 0, "payment_terms": "Net 30", "created_at": now, "updated_at": now, **money}

    _bulk(RecurringInvoice.__table__, schedule_row, schedules)
    pks = list(db.session.scalars(select(RecurringInvoice.pk).where(RecurringInvoice.company_pk == company.pk)))
    for chunk in _batches(pks):
        with transaction():
            db.session.execute(insert(RecurringInvoiceItem.__table__), [
                {"id": new_id("di"), "recurring_invoice_pk": pk, "item_name": "Subscription", "quantity": Decimal(1),
                 "unit_price": Decimal(100), "subtotal": Decimal(100), "total": Decimal(100), "sort_order": 0}
                for pk in chunk])
    with transaction():
        reminders.update_settings(Actor(company=company, role="system"),
                                  {"reminders_enabled": True, "reminder_steps": STEPS})
    demo_seed.refresh_statistics()
    print(f"  {schedules:,} recurring invoices in {time.perf_counter() - started:.0f} s")
    return company


def set_next_issue(company: Company, day: date) -> None:
    with transaction():
        db.session.execute(update(RecurringInvoice).where(RecurringInvoice.company_pk == company.pk)
                           .values(next_issue_date=day, start_date=day))
    demo_seed.refresh_statistics()  # as autovacuum would: the planner must know no row is due


def main() -> None:
    parse = parser("Time the tick with 10,000 schedules due, and with nothing due among 1M invoices.")
    parse.add_argument("--invoices", type=int, default=1_000_000)
    parse.add_argument("--open", type=int, default=150_000)
    parse.add_argument("--schedules", type=int, default=10_000)
    args = parse.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        if "recurring_invoices" not in inspect(db.engine).get_table_names():
            upgrade()
        today = date.today()
        print(f"{backend()}: making the data")
        company = make_company(today, args.invoices, args.open, args.schedules)
        total = db.session.scalar(select(func.count()).select_from(Invoice))
        print(f"{backend()}: {total:,} invoices in the database")

        set_next_issue(company, today + timedelta(days=1))
        queued = []

        def tick_nothing_due():
            queued.clear()
            due.run_due(today, dispatch=lambda name, item: queued.append(item))
        tick_ms = median_ms(tick_nothing_due, args.repeat)
        assert queued == [], f"{len(queued)} items due"
        print(f"tick with nothing due ({args.schedules:,} schedules due tomorrow, {args.open:,} open invoices): "
              f"{tick_ms:.1f} ms median of {args.repeat}")
        print("plan of the recurring step's query:")
        print(explain(recurring.due_query(today)))
        print("plan of the reminders step's query:")
        print(explain(reminders.due_query(company, today)))

        set_next_issue(company, today)
        db.session.commit()
        started, cpu = time.perf_counter(), time.process_time()
        report = due.run_due(today)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        issued = db.session.scalar(select(func.count()).where(Invoice.recurring_invoice_pk.is_not(None),
                                                             Invoice.company_pk == company.pk))
        print(f"tick with {args.schedules:,} schedules due today: {seconds:.1f} s "
              f"({report.counts['recurring']}; {issued:,} invoices issued, "
              f"{seconds / max(issued, 1) * 1000:.1f} ms each; this process's CPU time {cpu:.1f} s — the rest is "
              f"waiting for the database and for the machine)")
        print(f"load average of the machine: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
        again = time.perf_counter()
        assert due.run_due(today).counts["recurring"] == {}
        print(f"the same tick again (nothing left): {(time.perf_counter() - again) * 1000:.0f} ms")
        if backend() == "sqlite":
            db.session.execute(text("PRAGMA optimize"))


if __name__ == "__main__":
    main()
