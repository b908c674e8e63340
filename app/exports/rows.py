"""The rows of an export (DESIGN §19): a company's invoices, credit notes, payments and refunds
of a date range, both ends included (an invoice or credit note by its issue date, a payment by
its date, a refund by the day it was recorded in the company's timezone). Drafts are left out,
and so is an invoice cancelled while still a draft (never sent, it owes nothing and no credit
note corrects it); an invoice deleted after it was sent stays.

Each kind is read in batches of :data:`BATCH` rows in (date, pk) order, each batch starting
after the last row of the one before (keyset: no offset, no cursor held open between batches),
and the four kinds are merged by (date, kind, pk): the same data gives the same rows in the same
order on every database. Only columns are read, never ORM objects, so memory stays flat however
long the range. Credit notes and refunds are negative.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, tuple_

from app import money
from app.extensions import db
from app.models import Company, CreditNote, Customer, Invoice, Payment, Refund, TaxRate
from app.services import tenancy
from app.services.document_items import breakdown_of

BATCH = 1000
KINDS = ("invoice", "credit_note", "payment", "refund")  # their order within a day


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class RateColumn:
    """One tax rate's column pair: ``key`` is the rate's id, or for the seed's unnamed rate its
    category and percentage ("S 16"); ``account`` is the rate's as it is now."""
    key: str
    label: str
    percentage: Decimal
    tax_rate_id: str | None
    account: str | None


@dataclass(frozen=True)
class Row:
    kind: str
    id: str
    number: str | None
    day: date
    invoice_number: str | None  # the invoice a credit note, payment or refund belongs to
    customer_id: str
    customer_name: str
    account_number: str | None
    currency: str
    status: str | None  # an invoice's status, a credit note's type
    payment_method: str | None
    net: Decimal
    tax: Decimal
    total: Decimal
    taxes: dict  # rate key -> (taxable, tax), signed like the row
    order: tuple


def rate_key(entry: dict) -> str:
    return entry.get("tax_rate_id") or f"{entry['category']} {money.plain(Decimal(str(entry['percentage'])))}"


def _exported_invoices(company: Company):
    return tenancy.scoped(Invoice, company, include_deleted=True).where(
        Invoice.status != "draft", or_(Invoice.status != "cancelled", Invoice.sent_at.is_not(None)))


def _refund_bounds(company: Company, period: Period) -> tuple[datetime, datetime]:
    """The first moment of the first day and of the day after the last, in the company's timezone."""
    zone = ZoneInfo(company.timezone or "UTC")
    return (datetime.combine(period.start, time(), zone),
            datetime.combine(period.end + timedelta(days=1), time(), zone))


def _in_period(column, company: Company, period: Period):
    if column is Refund.created_at:
        first, after = _refund_bounds(company, period)
        return and_(column >= first, column < after)
    return column.between(period.start, period.end)


def _batches(statement, day_column, pk_column) -> Iterator:
    """``statement``'s rows in (day, pk) order, read :data:`BATCH` at a time."""
    after = None
    while True:
        query = statement
        if after is not None:
            query = query.where(tuple_(day_column, pk_column) > tuple_(*after))
        batch = db.session.connection().execute(query.order_by(day_column, pk_column).limit(BATCH)).all()
        yield from batch
        if len(batch) < BATCH:
            return
        after = (batch[-1].day_value, batch[-1].pk)  # compared as a row value: the index's own order


PRICED = ("tax_breakdown", "tax_rate", "tax_id", "subtotal_after_discount", "tax_amount", "total", "currency")


def _priced(model) -> list:
    return [getattr(model, name) for name in PRICED]


def _documents(company: Company, period: Period, model, *columns):
    """The invoices or credit notes of the period, with their customer's name and account."""
    base = _exported_invoices(company) if model is Invoice else tenancy.scoped(CreditNote, company)
    return (base.with_only_columns(model.pk, model.id, model.issue_date.label("day_value"), *_priced(model), *columns,
                                   Customer.id.label("customer_id"), Customer.name.label("customer_name"),
                                   Customer.account_number)
            .join(Customer, Customer.pk == model.customer_pk)
            .where(_in_period(model.issue_date, company, period)))


def _breakdown(found, sign: int) -> dict:
    taxes = {}
    for entry in breakdown_of(found):
        taxable, tax = (sign * _amount(entry["taxable_amount"], found.currency),
                        sign * _amount(entry["tax_amount"], found.currency))
        key = rate_key(entry)
        before = taxes.get(key, (Decimal(0), Decimal(0)))
        taxes[key] = (before[0] + taxable, before[1] + tax)
    return taxes


@cache
def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-money.minor_unit(currency))


def _amount(value, currency: str) -> Decimal:
    """An amount at its currency's minor unit (8769.6000 and '8769.6' alike -> 8769.60; the
    stored amounts are already rounded, so this only fixes how many decimals are written)."""
    return Decimal(str(value)).quantize(_exponent(currency), rounding=ROUND_HALF_UP)


def _invoice_rows(company: Company, period: Period) -> Iterator[Row]:
    statement = _documents(company, period, Invoice, Invoice.invoice_number, Invoice.status)
    for found in _batches(statement, Invoice.issue_date, Invoice.pk):
        total, tax = _amount(found.total, found.currency), _amount(found.tax_amount, found.currency)
        yield Row("invoice", found.id, found.invoice_number, found.day_value, None, found.customer_id,
                  found.customer_name, found.account_number, found.currency, found.status, None, total - tax, tax,
                  total, _breakdown(found, 1), (found.day_value, 0, found.pk))


def _credit_note_rows(company: Company, period: Period) -> Iterator[Row]:
    statement = (_documents(company, period, CreditNote, CreditNote.number, CreditNote.type,
                            Invoice.invoice_number)
                 .join(Invoice, Invoice.pk == CreditNote.invoice_pk))
    for found in _batches(statement, CreditNote.issue_date, CreditNote.pk):
        total, tax = -_amount(found.total, found.currency), -_amount(found.tax_amount, found.currency)
        yield Row("credit_note", found.id, found.number, found.day_value, found.invoice_number, found.customer_id,
                  found.customer_name, found.account_number, found.currency, found.type, None, total - tax, tax,
                  total, _breakdown(found, -1), (found.day_value, 1, found.pk))


def _movements(company: Company, period: Period, model, day_column):
    return (tenancy.scoped(model, company)
            .with_only_columns(model.pk, model.id, day_column.label("day_value"), model.amount, model.currency,
                               model.payment_method, Invoice.invoice_number, Customer.id.label("customer_id"),
                               Customer.name.label("customer_name"), Customer.account_number)
            .join(Invoice, Invoice.pk == model.invoice_pk).join(Customer, Customer.pk == Invoice.customer_pk)
            .where(_in_period(day_column, company, period)))


def _payment_rows(company: Company, period: Period) -> Iterator[Row]:
    for found in _batches(_movements(company, period, Payment, Payment.paid_at), Payment.paid_at, Payment.pk):
        amount = _amount(found.amount, found.currency)
        yield Row("payment", found.id, None, found.day_value, found.invoice_number, found.customer_id,
                  found.customer_name, found.account_number, found.currency, None, found.payment_method,
                  amount, _amount(0, found.currency), amount, {}, (found.day_value, 2, found.pk))


def _refund_rows(company: Company, period: Period) -> Iterator[Row]:
    zone = ZoneInfo(company.timezone or "UTC")
    for found in _batches(_movements(company, period, Refund, Refund.created_at), Refund.created_at, Refund.pk):
        amount, day = -_amount(found.amount, found.currency), found.day_value.astimezone(zone).date()
        yield Row("refund", found.id, None, day, found.invoice_number, found.customer_id, found.customer_name,
                  found.account_number, found.currency, None, found.payment_method, amount,
                  _amount(0, found.currency), amount, {}, (day, 3, found.pk))


def rows(company: Company, period: Period, kinds: tuple[str, ...] = KINDS) -> Iterator[Row]:
    """Every row of the period, by date, then kind (:data:`KINDS`), then creation."""
    readers = {"invoice": _invoice_rows, "credit_note": _credit_note_rows, "payment": _payment_rows,
               "refund": _refund_rows}
    return heapq.merge(*(readers[kind](company, period) for kind in kinds), key=lambda row: row.order)


def rate_columns(company: Company, period: Period) -> list[RateColumn]:
    """The rates the period's invoices and credit notes use, each once, by percentage (highest
    first), then label: named rates with their name and account as they are now, the seed's
    unnamed rate as its documents name it."""
    seen: dict[str, tuple[str, Decimal]] = {}
    for model in (Invoice, CreditNote):
        statement = _documents(company, period, model)
        for found in _batches(statement, model.issue_date, model.pk):
            for entry in breakdown_of(found):
                seen.setdefault(rate_key(entry), (entry["name"], Decimal(str(entry["percentage"]))))
    named = {rate.id: rate for rate in db.session.scalars(
        tenancy.scoped(TaxRate, company).where(TaxRate.id.in_([key for key in seen if key.startswith("txr_")])))}
    columns = []
    for key, (name, percentage) in seen.items():
        rate = named.get(key)
        if rate is not None:
            name, percentage = rate.name, rate.percentage
        columns.append(RateColumn(key, f"{name} {money.plain(percentage)} %", percentage,
                                  rate.id if rate is not None else None, rate.account if rate is not None else None))
    columns.sort(key=lambda column: (-column.percentage, column.label, column.key))
    labels = [column.label for column in columns]
    return [RateColumn(column.key, column.label if labels.count(column.label) == 1 else f"{column.label} {column.key}",
                       column.percentage, column.tax_rate_id, column.account) for column in columns]


def customers_without_account(company: Company, period: Period, *, valid) -> list[str]:
    """The names of the customers of the period's invoices and credit notes whose account
    number ``valid`` refuses (none, or not one DATEV can book to), each once, by name."""
    found = set()
    for model in (Invoice, CreditNote):
        statement = (_documents(company, period, model).with_only_columns(Customer.name, Customer.account_number)
                     .distinct())
        found |= {name for name, account in db.session.execute(statement) if not valid(account)}
    return sorted(found)

