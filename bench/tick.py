"""The reminders' tick at scale: how long finding what is due takes when nothing is due, and
the query plan (the tick must read the steps' due-date windows, not every open invoice).

Seeds a database (the demo seed helpers) when it has no company yet, makes every seeded
invoice open (sent, nothing paid), switches reminders on with four steps, and marks every
step due today as handled, so the measured tick finds nothing; then it times the tick's
find step and prints its plan.

    .venv/bin/python -m bench.tick --database-url sqlite:////tmp/tick.db --invoices 150000
    .venv/bin/python -m bench.tick --database-url postgresql://postgres@127.0.0.1:54330/tick --invoices 150000
"""
from __future__ import annotations

import random
import time
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, update

from app import seed as demo_seed
from app.extensions import db
from app.jobs import reminders as reminder_jobs
from app.models import Company, Invoice, ReminderSent
from app.services import accounts, reminders, transaction
from app.services.tenancy import Actor
from bench.common import backend, biggest_company, explain, make_app, median_ms, parser

STEPS = [{"days": -3}, {"days": 0}, {"days": 7}, {"days": 14}]


def seeded_company(invoices: int, today: date) -> Company:
    if db.session.scalar(select(func.count()).select_from(Company)):
        return biggest_company(None)
    with transaction():
        _, company = accounts.register("tick-bench@example.com", "bench-password", "Tick Bench")
    started = time.perf_counter()
    demo_seed.seed(company, max(50, invoices // 100), invoices, today=today, rng=random.Random(18))
    print(f"seeded {invoices} invoices in {time.perf_counter() - started:.0f} s")
    return company


def all_open(company: Company) -> int:
    """Every invoice of the company open and owing (the worst case for a reminders tick)."""
    with transaction():
        db.session.execute(update(Invoice).where(Invoice.company_pk == company.pk)
                           .values(status="sent", deleted_at=None, amount_paid=0, amount_refunded=0,
                                   amount_due=Invoice.total, reminders_excluded=False))
        admin = Actor(company=company, role="system")
        reminders.update_settings(admin, {"reminders_enabled": True, "reminder_steps": STEPS})
    demo_seed.refresh_statistics()
    return db.session.scalar(select(func.count()).where(Invoice.company_pk == company.pk))


def handle_everything_due(company: Company, today: date) -> int:
    """Rows in reminders_sent for every invoice found due today (as if the tick had sent them)."""
    due = list(db.session.scalars(reminders.due_query(company, today)))
    steps = [step["days"] for step in STEPS]
    dates = dict(db.session.execute(select(Invoice.pk, Invoice.due_date).where(Invoice.pk.in_(due))).all()) if due else {}
    rows = [{"company_pk": company.pk, "invoice_pk": pk, "step_days": reminders.latest_due_step(steps, dates[pk], today),
             "outcome": "sent"} for pk in due]
    with transaction():
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(ReminderSent), rows[start:start + 5000])
    demo_seed.refresh_statistics()
    return len(rows)


def main() -> None:
    parse = parser("Time the reminders' tick with nothing due; print its query plan.")
    parse.add_argument("--invoices", type=int, default=150_000)
    args = parse.parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        if "invoices" not in inspect(db.engine).get_table_names():
            upgrade()
        today = date.today()
        company = seeded_company(args.invoices, today)
        open_count = all_open(company)
        due_first = handle_everything_due(company, today)
        print(f"{backend()}: {open_count} open invoices; {due_first} were due today (now marked handled)")
        query = reminders.due_query(company, today)
        assert db.session.scalars(query).all() == [], "still something due"
        find_ms = median_ms(lambda: db.session.scalars(reminders.due_query(company, today)).all(), args.repeat)
        tick_ms = median_ms(lambda: reminder_jobs.find_work(today), args.repeat)
        windows = reminders.due_windows([step["days"] for step in STEPS], today)
        in_windows = db.session.scalar(select(func.count()).where(
            Invoice.company_pk == company.pk, Invoice.due_date.between(windows[-1][1], windows[0][2])))
        print(f"due query, nothing due: {find_ms:.1f} ms median of {args.repeat}; "
              f"whole find step (every company): {tick_ms:.1f} ms")
        print(f"invoices whose due date is in the steps' windows: {in_windows} of {open_count}")
        print("plan:")
        print(explain(query))


if __name__ == "__main__":
    main()
