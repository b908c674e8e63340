"""Figures for the overview: what is owed, overdue, paid lately, drafts, revenue by month,
aging and recent activity. Every figure is one SQL aggregate (no loop over invoices), in the
company's own currency; what is owed, overdue and paid lately in other currencies is given
per currency beside them (amounts in different currencies are never added up)."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from threading import Lock
from typing import NamedTuple

from sqlalchemy import and_, case, func, select

from app import money
from app.extensions import db
from app.invoices.states import OPEN, overdue_condition
from app.models import Activity, Customer, Invoice, Payment, Quote, Refund
from app.services import tenancy
from app.services.tenancy import Actor, today_for

AGING = (("0–30", 0, 30), ("31–60", 31, 60), ("61–90", 61, 90), ("90+", 91, None))
RECENT = 10
PAID_WINDOW_DAYS = 30


def paid_window_start(today: date) -> date:
    """The first day of "received in the last 30 days" (today is the 30th)."""
    return today - timedelta(days=PAID_WINDOW_DAYS - 1)


def _utc_start(day: date) -> datetime:
    """The first moment of ``day`` in UTC: refunds are timestamps, counted by their UTC day,
    as the revenue chart counts them by their UTC month."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Bucket:
    label: str
    amount: Decimal
    due_from: date | None  # the due dates behind the bucket (for the filtered list)
    due_to: date | None


@dataclass(frozen=True)
class Month:
    start: date
    amount: Decimal


@dataclass(frozen=True)
class InCurrency:
    """What is owed, overdue and was received (payments less refunds) in the last 30 days in
    one other currency."""
    currency: str
    outstanding: Decimal
    overdue: Decimal
    paid_30_days: Decimal


class Recent(NamedTuple):
    """An activity with its object's name (an invoice's or a quote's number, a customer's name)
    and whether that object was deleted since, and for an invoice's, its currency."""
    entry: Activity
    currency: str | None
    number: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class Overview:
    currency: str
    outstanding: Decimal
    overdue: Decimal
    paid_30_days: Decimal  # received in the last 30 days: payments less refunds, as the chart
    drafts: int
    customers: int
    aging: tuple[Bucket, ...]
    revenue: tuple[Month, ...]
    recent: tuple[Recent, ...]
    today: date
    other_currencies: tuple[InCurrency, ...] = ()

    @property
    def paid_from(self) -> date:
        return paid_window_start(self.today)


def as_money(value, currency: str) -> Decimal:
    """A SQL SUM as exact money (SQLite sums NUMERIC columns as floats)."""
    return money.round_money(Decimal(str(value or 0)), currency)


def _sum_when(condition, column):
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


def month_starts(today: date, count: int = 12) -> list[date]:
    """The first day of the last ``count`` months, oldest first, this month last."""
    year, month, starts = today.year, today.month, []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _next_month(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)


def _invoice_figures(company, today: date) -> dict:
    live = tenancy.scoped(Invoice, company).whereclause
    overdue = overdue_condition(today)
    columns = {
        "outstanding": _sum_when(Invoice.status.in_(OPEN), Invoice.amount_due),
        "overdue": _sum_when(overdue, Invoice.amount_due),
    }
    for label, due_from, due_to in _aging_ranges(today):
        condition = [overdue]
        if due_from is not None:
            condition.append(Invoice.due_date >= due_from)
        if due_to is not None:
            condition.append(Invoice.due_date <= due_to)
        columns[label] = _sum_when(and_(*condition), Invoice.amount_due)
    labels = list(columns)
    # Only open invoices owe money: the (company, status) index narrows the scan to them. One
    # row per currency; the company's own gives the figures, the others are listed beside them.
    rows = db.session.execute(select(Invoice.currency, *[c.label(f"c{i}") for i, c in enumerate(columns.values())])
                              .where(live, Invoice.status.in_(OPEN)).group_by(Invoice.currency)).all()
    figures = dict.fromkeys(labels, 0)
    figures["other_currencies"] = {}
    for currency, *amounts in rows:
        if currency == company.currency:
            figures.update(zip(labels, amounts))
        elif any(amounts[:2]):
            figures["other_currencies"][currency] = (amounts[0], amounts[1])
    # Drafts count in any currency; amounts only in the company's currency.
    figures["drafts"] = db.session.scalar(select(func.count()).select_from(Invoice)
                                          .where(live, Invoice.status == "draft"))
    return figures


def _aging_ranges(today: date) -> list[tuple[str, date | None, date | None]]:
    """(label, earliest due date, latest due date) of each bucket of days past due."""
    ranges = []
    for label, low, high in AGING:
        due_from = today - timedelta(days=high) if high is not None else None
        due_to = today - timedelta(days=low) if low else None  # 0–30 also holds marked-overdue
        ranges.append((label, due_from, due_to))
    return ranges


def _month_key(column, utc: bool = False):
    """'YYYY-MM' of a date (or of a UTC timestamp) column, in SQL."""
    if db.engine.dialect.name == "sqlite":
        return func.substr(column, 1, 7)  # dates and timestamps are ISO text in SQLite
    return func.to_char(func.timezone("UTC", column) if utc else column, "YYYY-MM")


def _money_in(model, where, company, key=None):
    """SUM(amount) of the company's payments or refunds (``model``) in its currency, grouped
    by ``key`` when given (then a dict key -> sum). One range of the (company, currency,
    date, amount) index: no join to invoices."""
    mine = and_(tenancy.scoped(model, company).whereclause, model.currency == company.currency)
    columns = (key.label("month"), func.sum(model.amount)) if key is not None else (func.sum(model.amount),)
    query = select(*columns).where(mine, where)
    if key is None:
        return db.session.scalar(query)
    return {month: total for month, total in db.session.execute(query.group_by(key))}


def _payment_currencies(company) -> list[str]:
    """The currencies the company was ever paid in other than its own: one seek of the
    (company, currency, …) index per currency, however many payments there are."""
    mine = tenancy.scoped(Payment, company).whereclause
    found = select(func.min(Payment.currency).label("code")).where(mine).cte("paid_currencies", recursive=True)
    following = select(func.min(Payment.currency)).where(mine, Payment.currency > found.c.code).scalar_subquery()
    found = found.union_all(select(following).where(found.c.code.is_not(None)))
    return [code for code in db.session.scalars(select(found.c.code)) if code and code != company.currency]


def _paid_elsewhere(company, since: date) -> dict[str, Decimal]:
    """Money received since ``since`` (payments less refunds, as the revenue chart counts it)
    per currency other than the company's (a refund is only ever in its payment's currency)."""
    currencies = _payment_currencies(company)
    if not currencies:
        return {}
    received = {}
    for model, moment, sign in ((Payment, Payment.paid_at >= since, 1),
                                (Refund, Refund.created_at >= _utc_start(since), -1)):
        query = (select(model.currency, func.sum(model.amount))
                 .where(tenancy.scoped(model, company).whereclause, model.currency.in_(currencies), moment)
                 .group_by(model.currency))
        for currency, total in db.session.execute(query):
            received[currency] = received.get(currency, Decimal(0)) + sign * as_money(total, currency)
    return received


def _other_currencies(company, figures: dict, today: date) -> tuple[InCurrency, ...]:
    owed = figures["other_currencies"]
    paid = _paid_elsewhere(company, paid_window_start(today))
    zero = Decimal(0)
    return tuple(InCurrency(currency, as_money(owed.get(currency, (0, 0))[0], currency),
                            as_money(owed.get(currency, (0, 0))[1], currency), paid.get(currency, zero))
                 for currency in sorted(set(owed) | set(paid)))


def _revenue(company, today: date) -> tuple[list[Month], Decimal]:
    """Money received per month, and in the last 30 days: both payments less refunds (one
    meaning of "received" for the chart and the figure)."""
    starts, currency = month_starts(today), company.currency
    first = datetime(starts[0].year, starts[0].month, 1, tzinfo=timezone.utc)
    paid = _money_in(Payment, Payment.paid_at >= starts[0], company,
                     key=_month_key(Payment.paid_at))
    refunded = _money_in(Refund, Refund.created_at >= first, company,
                         key=_month_key(Refund.created_at, utc=True))
    months = []
    for start in starts:
        key = f"{start.year:04d}-{start.month:02d}"
        months.append(Month(start, as_money(paid.get(key), currency) - as_money(refunded.get(key), currency)))
    since = paid_window_start(today)
    recent = (as_money(_money_in(Payment, Payment.paid_at >= since, company), currency)
              - as_money(_money_in(Refund, Refund.created_at >= _utc_start(since), company), currency))
    return months, recent


def _subject(model, kind: str):
    """Join the activities of ``kind`` to their object (``model``) by its public id."""
    return model, and_(Activity.subject_type == kind, model.id == Activity.subject_id,
                       tenancy.same_company(model, Activity))


def recent_activity(actor: Actor, limit: int = RECENT) -> list[Recent]:
    """The company's latest activities, each with its object's name (an invoice's or quote's
    number, a customer's name; None for others), whether that object was deleted since, and
    an invoice's currency."""
    query = (tenancy.scoped(Activity, actor.company)
             .add_columns(Invoice.currency, Invoice.invoice_number, Invoice.deleted_at.is_not(None), Quote.number,
                          Quote.deleted_at.is_not(None), Customer.name, Customer.deleted_at.is_not(None))
             .outerjoin(Invoice, Activity.invoice_pk == Invoice.pk).outerjoin(*_subject(Quote, "quote"))
             .outerjoin(*_subject(Customer, "customer")).order_by(Activity.pk.desc()).limit(limit))
    return [Recent(entry, currency, invoice or quote or customer, bool(gone or quote_gone or customer_gone))
            for entry, currency, invoice, gone, quote, quote_gone, customer, customer_gone
            in db.session.execute(query)]


_FIGURES_CACHE: OrderedDict = OrderedDict()
_FIGURES_CACHE_SIZE = 256
_FIGURES_LOCK = Lock()


def _figures(company, today: date) -> dict:
    """The aggregates of the overview (the costly part at scale)."""
    currency = company.currency
    figures = _invoice_figures(company, today)
    months, paid_30 = _revenue(company, today)
    return {
        "outstanding": as_money(figures["outstanding"], currency),
        "overdue": as_money(figures["overdue"], currency),
        "paid_30_days": paid_30, "drafts": figures["drafts"],
        "customers": db.session.scalar(tenancy.scoped(Customer, company).with_only_columns(func.count())),
        "aging": tuple(Bucket(label, as_money(figures[label], currency), due_from, due_to)
                       for label, due_from, due_to in _aging_ranges(today)),
        "revenue": tuple(months),
        "other_currencies": _other_currencies(company, figures, today),
    }


def clear_cache() -> None:
    """Forget every cached figure (benchmarks measure the cold path with it)."""
    with _FIGURES_LOCK:
        _FIGURES_CACHE.clear()


def _cached_figures(company, today: date, latest_activity_pk: int) -> dict:
    """Figures kept per (company, its settings, today, its latest activity). Every change to an
    invoice, payment, refund or customer writes an activity, so a new change is a new key and a
    cached answer is always exact; other processes keep their own copies."""
    key = (company.pk, company.updated_at, today, latest_activity_pk)
    with _FIGURES_LOCK:
        if key in _FIGURES_CACHE:
            _FIGURES_CACHE.move_to_end(key)
            return _FIGURES_CACHE[key]
    figures = _figures(company, today)
    with _FIGURES_LOCK:
        _FIGURES_CACHE[key] = figures
        while len(_FIGURES_CACHE) > _FIGURES_CACHE_SIZE:
            _FIGURES_CACHE.popitem(last=False)
    return figures


def overview(actor: Actor) -> Overview:
    company, today = actor.company, today_for(actor.company)
    recent = tuple(recent_activity(actor))
    figures = _cached_figures(company, today, recent[0][0].pk if recent else 0)
    return Overview(currency=company.currency, recent=recent, today=today, **figures)
