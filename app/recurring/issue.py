"""Issuing recurring invoices (DESIGN §13): for a group of schedules at once, every period
that has started, oldest first, each with its own dates.

The schedules are locked (``FOR UPDATE`` on PostgreSQL; SQLite's writers take the write lock
when they begin), their due periods read from :mod:`app.schedule`, and each schedule is priced
once by :mod:`app.services.document_items` (its items and pricing fields are the same for
every period). Numbers are reserved as one block per company and year. The invoices, their
items and their activity are then written with one multi-row insert each: a tick with
thousands of schedules due costs a few statements per group, not per invoice. An issued
invoice names its recurring invoice and its period's start, unique together, so a period is
issued once whatever reaches it. ``count`` counts invoices: periods skipped by a pause do not
use it up. Issued invoices are drafts. Only the invoice of the period that contains today is
ever emailed (the caller sends it when ``auto_send`` asks), and only once every earlier period
is issued: a catch-up (periods that started while nothing issued them) leaves its back-dated
invoices drafts, since a client expects no stale emails. Services flush and never commit."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload, selectinload

from app import money
from app.extensions import db
from app.ids import new_id, new_token
from app.invoices.states import settle
from app.models import Activity, Invoice, InvoiceItem, RecurringInvoice
from app.models.base import utcnow
from app.recurring.service import remaining, reschedule, schedule_of
from app.services import activity, document_items, numbering
from app.services.errors import ServiceError
from app.services.tenancy import Actor, today_for
from app.webhooks import events

MAX_CATCH_UP = 100  # periods one tick issues for one schedule (a start years back catches up over ticks)


@dataclass(frozen=True)
class Issued:
    """What one schedule issued: its invoices' (id, number), oldest period first, and whether
    the latest is the period that contains today (every earlier period then issued too)."""
    recurring_pk: int
    company_pk: int
    auto_send: bool
    invoices: tuple[tuple[str, str], ...]
    current: bool = False

    @property
    def to_send(self) -> bool:
        """Whether its latest invoice is emailed: it asks for that, and it is today's period."""
        return self.auto_send and self.current

    @property
    def numbers(self) -> list[str]:
        return [number for _, number in self.invoices]

    @property
    def latest_id(self) -> str:
        return self.invoices[-1][0]

    @property
    def latest_number(self) -> str:
        return self.invoices[-1][1]


@dataclass
class _Plan:
    recurring: RecurringInvoice
    periods: list[int]
    rows: list[dict]
    totals: money.Totals
    current: bool  # the last of ``periods`` contains today


def _lock(pks: tuple[int, ...]) -> list[RecurringInvoice]:
    """The schedules, locked in pk order (two workers with overlapping groups wait, never deadlock)."""
    return list(db.session.scalars(
        select(RecurringInvoice).where(RecurringInvoice.pk.in_(pks)).order_by(RecurringInvoice.pk)
        .options(joinedload(RecurringInvoice.company, innerjoin=True),
                 joinedload(RecurringInvoice.customer, innerjoin=True), selectinload(RecurringInvoice.items))
        .with_for_update(of=RecurringInvoice)).unique())


def _plan(recurring: RecurringInvoice, today: date) -> _Plan | None:
    """The periods to issue now and the priced rows, or None when nothing is (a schedule whose
    customer was deleted is paused until a person decides)."""
    if recurring.customer.deleted_at is not None:
        recurring.status = "paused"
        activity.record(Actor.system(recurring.company), recurring, "recurring_invoice.paused",
                        reason="customer deleted")
        return None
    left = remaining(recurring)
    periods = schedule_of(recurring).due(recurring.next_period, today,
                                         limit=MAX_CATCH_UP if left is None else min(left, MAX_CATCH_UP))
    if not periods:
        reschedule(recurring)
        return None
    rows = document_items.rows_of(recurring)
    current = schedule_of(recurring).nth(periods[-1] + 1) > today
    return _Plan(recurring, periods, rows, document_items.priced(recurring, rows), current)


def _numbers(plans: list[_Plan]) -> dict[tuple[int, int], list[str]]:
    """One block of invoice numbers per (company, year), in the order the plans issue."""
    needed = Counter((plan.recurring.company_pk, schedule_of(plan.recurring).nth(n).year)
                     for plan in plans for n in plan.periods)
    companies = {plan.recurring.company_pk: plan.recurring.company for plan in plans}
    blocks = {}
    for (company_pk, year), count in sorted(needed.items()):
        company = companies[company_pk]
        first = numbering.reserve(company, year, count)
        blocks[company_pk, year] = [numbering.format_number(company, year, value)
                                    for value in range(first, first + count)]
    return blocks


def _invoice_rows(plans: list[_Plan]) -> list[dict]:
    blocks, now = _numbers(plans), utcnow()
    rows = []
    for plan in plans:
        recurring, schedule = plan.recurring, schedule_of(plan.recurring)
        fixed = {"company_pk": recurring.company_pk, "customer_pk": recurring.customer_pk, "status": "draft",
                 "amount_paid": Decimal(0), "amount_refunded": Decimal(0), "amount_credited": Decimal(0),
                 "recurring_invoice_pk": recurring.pk, "reminders_excluded": False, "created_at": now,
                 "updated_at": now, **document_items.copied_fields(recurring, "notes", "payment_terms"),
                 **document_items.total_columns(plan.totals)}
        settle(fixed)
        for n in plan.periods:
            start, end = schedule.period(n)
            rows.append({**fixed, "id": new_id("inv"), "public_token": new_token(),
                         "invoice_number": blocks[recurring.company_pk, start.year].pop(0),
                         "issue_date": start, "due_date": start + timedelta(days=recurring.due_days),
                         "recurring_period_start": start, "supply_period_start": start, "supply_period_end": end})
    return rows


def _insert(plans: list[_Plan]) -> list[Issued]:
    invoices = _invoice_rows(plans)
    table = Invoice.__table__
    pks = db.session.execute(insert(table).returning(table.c.pk, sort_by_parameter_order=True), invoices).scalars().all()
    items, entries, issued, at = [], [], [], 0
    for plan in plans:
        recurring = plan.recurring
        mine = list(zip(pks[at:at + len(plan.periods)], invoices[at:at + len(plan.periods)]))
        at += len(plan.periods)
        actor = Actor.system(recurring.company)
        for pk, invoice in mine:
            items += [{**values, "id": new_id("di"), "invoice_pk": pk}
                      for values in document_items.item_columns(plan.rows, plan.totals)]
            # The new invoice is the object of both (it names its schedule in recurring_invoice_id).
            events.note(recurring.company_pk, "invoice.created", Invoice, pk)
            events.note(recurring.company_pk, "recurring_invoice.issued", Invoice, pk)
            entries.append({"id": new_id("act"), **activity.columns(
                actor, "invoice", invoice["id"], "invoice.created",
                {"number": invoice["invoice_number"], "recurring_invoice": recurring.id,
                 "period": invoice["recurring_period_start"].isoformat()}, invoice_pk=pk)})
        recurring.next_period = plan.periods[-1] + 1
        recurring.issued_count += len(plan.periods)
        reschedule(recurring)
        issued.append(Issued(recurring.pk, recurring.company_pk, recurring.auto_send,
                             tuple((invoice["id"], invoice["invoice_number"]) for _, invoice in mine), plan.current))
    if items:
        db.session.execute(insert(InvoiceItem.__table__), items)
    db.session.execute(insert(Activity.__table__), entries)
    return issued


def issue_due(pks: tuple[int, ...], today: date | None = None) -> tuple[list[Issued], dict[int, str]]:
    """Lock these recurring invoices and issue every period of theirs that has started by
    ``today`` (each company's today unless given). Returns what was issued, and the schedules
    that could not be priced (pk: why), which stay as they were for a later tick."""
    plans, failed = [], {}
    for recurring in _lock(pks):
        if recurring.status != "active":
            continue
        try:
            plan = _plan(recurring, today or today_for(recurring.company))
        except ServiceError as error:
            failed[recurring.pk] = error.message
            continue
        if plan is not None:
            plans.append(plan)
    issued = _insert(plans) if plans else []
    db.session.flush()
    return issued, failed
