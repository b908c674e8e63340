"""Recurring invoices (DESIGN §13): create, update, pause, resume, cancel, delete, their
schedule and the tick's query for those due. Issuing is :mod:`app.recurring.issue`.

The schedule's dates come from :mod:`app.schedule`; the invoice's fields are checked by the
invoice's own checks and priced by :mod:`app.services.document_items`. ``count`` counts
invoices (the first included): periods skipped by a pause do not use it up. Services flush
and never commit."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import select

from app import limits
from app.extensions import db
from app.i18n import _, ngettext
from app.invoices.service import clean_document_fields, invoice_currency
from app.models import RECURRING_STATUSES, Company, Customer, Invoice, RecurringInvoice, RecurringInvoiceItem
from app.models.base import utcnow
from app.recurring.states import RUNNING, require
from app.schedule import INTERVALS, Schedule
from app.services import document_items, inputs, tenancy
from app.services.activity import record
from app.services.errors import NotEditable, ValidationError
from app.services.inputs import Errors
from app.services.tenancy import Actor, today_for

DOCUMENT_FIELDS = {"customer_id", "currency", "tax_rate", "tax_id", "discount_type", "discount_value",
                   "amounts_include_tax", "notes", "payment_terms", "items", "line_items"}
SCHEDULE_FIELDS = {"interval", "interval_count", "start_date"}  # fixed once an invoice is issued
DEFAULT_DUE_DAYS = 30
MAX_INTERVAL_COUNT, MAX_COUNT, MAX_DUE_DAYS = 1000, 10000, 365
UPCOMING = 5
WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")


# --- reading ----------------------------------------------------------------------------

def get_recurring(actor: Actor, recurring_id: object, *, for_update: bool = False) -> RecurringInvoice:
    return tenancy.get(RecurringInvoice, actor.company, recurring_id, for_update=for_update)


def list_query(actor: Actor, status: str | None = None):
    query = tenancy.scoped(RecurringInvoice, actor.company)
    if status is not None:
        query = query.where(RecurringInvoice.status == inputs.choice(status, "status", RECURRING_STATUSES))
    return query


def schedule_of(recurring: RecurringInvoice) -> Schedule:
    """The schedule's dates; ``count`` is applied by the issuing (it counts invoices)."""
    return Schedule(recurring.start_date, recurring.interval, recurring.interval_count, end=recurring.end_date)


def remaining(recurring: RecurringInvoice) -> int | None:
    """How many invoices are left to issue (None: no limit)."""
    return None if recurring.count is None else max(0, recurring.count - recurring.issued_count)


def next_issue(recurring: RecurringInvoice) -> date | None:
    """The day its next invoice is issued: none while paused (its dates wait for the resume)
    or once nothing is left to issue."""
    return recurring.next_issue_date if recurring.status == "active" else None


def upcoming_dates(recurring: RecurringInvoice, how_many: int = UPCOMING) -> list[date]:
    """The next issue dates (the next five on its page); none unless it is active or paused."""
    if recurring.status not in RUNNING or recurring.next_issue_date is None:
        return []
    left = remaining(recurring)
    return schedule_of(recurring).upcoming(recurring.next_period, how_many if left is None else min(left, how_many))


def issued_invoices(recurring: RecurringInvoice) -> list[Invoice]:
    """The invoices it issued, newest period first."""
    return list(db.session.scalars(
        tenancy.scoped(Invoice, recurring.company).where(Invoice.recurring_invoice_pk == recurring.pk)
        .order_by(Invoice.recurring_period_start.desc())))


# --- checking input -----------------------------------------------------------------------

def _whole(value: object, field: str, minimum: int, maximum: int) -> int:
    if isinstance(value, str) and WHOLE_NUMBER.match(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ValidationError({field: _("Must be a whole number from %(minimum)s to %(maximum)s.", minimum=minimum,
                                         maximum=maximum)})
    return value


def _clean_schedule(data: dict, problems: Errors | None = None) -> dict:
    """The schedule fields given, checked; raises a ValidationError naming each problem, or
    with ``problems`` puts them there and returns the fields that are right."""
    errors, clean = Errors(), {}
    if "interval" in data:
        clean["interval"] = errors.capture(inputs.choice, data["interval"], "interval", INTERVALS)
    if "interval_count" in data:
        clean["interval_count"] = errors.capture(_whole, data["interval_count"], "interval_count", 1,
                                                 MAX_INTERVAL_COUNT)
    if data.get("start_date") not in (None, ""):
        clean["start_date"] = errors.capture(inputs.a_date, data["start_date"], "start_date")
    if "end_date" in data:
        clean["end_date"] = (errors.capture(inputs.a_date, data["end_date"], "end_date")
                             if data["end_date"] not in (None, "") else None)
    if "count" in data:
        clean["count"] = (errors.capture(_whole, data["count"], "count", 1, MAX_COUNT)
                          if data["count"] not in (None, "") else None)
    if "due_days" in data:
        clean["due_days"] = errors.capture(_whole, data["due_days"] if data["due_days"] not in (None, "")
                                           else DEFAULT_DUE_DAYS, "due_days", 0, MAX_DUE_DAYS)
    if "auto_send" in data:
        clean["auto_send"] = errors.capture(inputs.boolean, data["auto_send"], "auto_send")
    if problems is not None:
        problems.update(errors)
        return {field: value for field, value in clean.items() if field not in errors}
    errors.raise_if_any()
    return clean


def _check_ends(recurring: RecurringInvoice) -> None:
    if recurring.end_date is not None and recurring.count is not None:
        raise ValidationError({"count": _("Give either an end date or a count, not both.")})
    if recurring.end_date is not None and recurring.end_date < recurring.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if recurring.count is not None and recurring.count < recurring.issued_count:
        raise ValidationError({"count": _("%(count)s invoices were issued already; the count cannot be lower.",
                                          count=recurring.issued_count)})


def _check_start(recurring: RecurringInvoice, today: date) -> None:
    """A start date at most ``RECURRING_PERIODS_BACK`` periods of its schedule before today:
    every period already started is issued at once, so an old start would bill years back."""
    back = limits.RECURRING_PERIODS_BACK
    earliest = Schedule(today, recurring.interval, recurring.interval_count).nth(-back)
    if recurring.start_date < earliest:
        raise ValidationError({"start_date": _("Must be %(date)s or later: a start date can be at most %(back)s "
                                               "periods (%(span)s) before today.", date=earliest.isoformat(),
                                               back=back, span=_span(back * recurring.interval_count,
                                                                     recurring.interval))})


def _span(number: int, interval: str) -> str:
    """``number`` intervals in words: "12 months"."""
    if interval == "day":
        return ngettext("%(num)s day", "%(num)s days", number)
    if interval == "week":
        return ngettext("%(num)s week", "%(num)s weeks", number)
    if interval == "month":
        return ngettext("%(num)s month", "%(num)s months", number)
    if interval == "year":
        return ngettext("%(num)s year", "%(num)s years", number)
    return f"{number} {interval}s"


def _apply(actor: Actor, recurring: RecurringInvoice, data: dict, required: dict | None = None, *,
           new_schedule: bool = False) -> None:
    """Check ``data`` and write it onto ``recurring``; every problem (the ``required`` fields
    missing included) is said at once."""
    errors = Errors()
    given = {k: v for k, v in data.items() if k in DOCUMENT_FIELDS and not (required and k in required)}
    document = errors.capture(clean_document_fields, actor, given, recurring) or {}
    schedule = _clean_schedule(data, errors)
    ends = {field: schedule.get(field, getattr(recurring, field)) for field in ("start_date", "end_date", "count")}
    if not any(field in errors for field in ends):
        errors.capture(_check_ends, SimpleNamespace(**ends, issued_count=recurring.issued_count))
    errors.update(required or {})
    errors.raise_if_any()
    for field in ("notes", "payment_terms"):
        if field in document:
            setattr(recurring, field, document[field])
    if "customer" in document:
        recurring.customer = document["customer"]
    for field, value in schedule.items():
        setattr(recurring, field, value)
    _check_ends(recurring)
    if new_schedule:
        _check_start(recurring, today_for(actor.company))
    document_items.apply_pricing(recurring, document, document.get("items"), RecurringInvoiceItem)


def reschedule(recurring: RecurringInvoice) -> None:
    """Set ``next_issue_date`` from ``next_period``; complete it when nothing is left."""
    schedule = schedule_of(recurring)
    if remaining(recurring) == 0 or not schedule.exists(recurring.next_period):
        recurring.next_issue_date = None
        if recurring.status in RUNNING:
            recurring.status = "completed"
        return
    recurring.next_issue_date = schedule.nth(recurring.next_period)


# --- writing ----------------------------------------------------------------------------

def create_recurring(actor: Actor, data: dict) -> RecurringInvoice:
    required = {field: _("This field is required.") for field in ("customer_id", "interval")
                if data.get(field) in (None, "")}
    customer = tenancy.find(Customer, actor.company, data.get("customer_id"))
    recurring = RecurringInvoice(company_pk=actor.company.pk, company=actor.company, status="active",
                                 interval_count=1, due_days=DEFAULT_DUE_DAYS, auto_send=False, next_period=0,
                                 issued_count=0, start_date=today_for(actor.company),
                                 currency=invoice_currency(actor.company, customer), tax_rate=Decimal(0),
                                 discount_value=Decimal(0))
    _apply(actor, recurring, {"items": [], **data} if "line_items" not in data else data, required, new_schedule=True)
    reschedule(recurring)
    db.session.add(recurring)
    db.session.flush()
    record(actor, recurring, "recurring_invoice.created")
    return recurring


def update_recurring(actor: Actor, recurring_id: str, data: dict) -> RecurringInvoice:
    """Change what the next invoices will be. The schedule (interval, interval count, start
    date) is fixed once an invoice was issued: its periods are what the issued ones carry."""
    recurring = get_recurring(actor, recurring_id, for_update=True)
    require(actor, recurring, "edit")
    changing = sorted(field for field in SCHEDULE_FIELDS & set(data) if data[field] not in (None, "")
                      and _clean_schedule({field: data[field]}).get(field) != getattr(recurring, field))
    if changing and recurring.issued_count:
        raise NotEditable(_("This recurring invoice has issued %(count)s invoice(s); its schedule cannot change "
                            "(refused: %(fields)s). Cancel it and create a new one.", count=recurring.issued_count,
                            fields=", ".join(changing)),
                          status=recurring.status, param=changing[0])
    _apply(actor, recurring, data, new_schedule=bool(changing))
    if changing:  # nothing was issued yet: the new schedule starts from its first period
        recurring.next_period = 0
    reschedule(recurring)
    if data:
        record(actor, recurring, "recurring_invoice.updated", fields=sorted(data))
    db.session.flush()
    return recurring


def pause(actor: Actor, recurring_id: str) -> RecurringInvoice:
    recurring = get_recurring(actor, recurring_id, for_update=True)
    recurring.status = require(actor, recurring, "pause").result
    record(actor, recurring, "recurring_invoice.paused")
    db.session.flush()
    return recurring


def resume(actor: Actor, recurring_id: str) -> RecurringInvoice:
    """Active again from the first period starting today or later: the periods that started
    during the pause are not issued (a business that paused billing does not expect them)."""
    recurring = get_recurring(actor, recurring_id, for_update=True)
    recurring.status = require(actor, recurring, "resume").result
    today = today_for(actor.company)
    skipped_from = recurring.next_period
    recurring.next_period = schedule_of(recurring).first_on_or_after(today, recurring.next_period)
    reschedule(recurring)
    record(actor, recurring, "recurring_invoice.resumed", skipped=recurring.next_period - skipped_from or None)
    db.session.flush()
    return recurring


def cancel(actor: Actor, recurring_id: str) -> RecurringInvoice:
    recurring = get_recurring(actor, recurring_id, for_update=True)
    recurring.status = require(actor, recurring, "cancel").result
    recurring.next_issue_date = None
    recurring.cancelled_at = utcnow()
    record(actor, recurring, "recurring_invoice.cancelled")
    db.session.flush()
    return recurring


def delete(actor: Actor, recurring_id: str) -> str:
    """Delete one that has issued nothing (it leaves no trace an invoice could point to)."""
    recurring = get_recurring(actor, recurring_id, for_update=True)
    require(actor, recurring, "delete")
    public_id = recurring.id
    db.session.delete(recurring)
    db.session.flush()
    return public_id


# --- the tick's find step ----------------------------------------------------------------

def due_query(before: date):
    """``(pk, next issue date, company timezone)`` of the active recurring invoices whose next
    issue date is on or before ``before``, over every company (the tick's find step, the one
    read not scoped to a company): one range of the (status, next issue date) index."""
    return (select(RecurringInvoice.pk, RecurringInvoice.next_issue_date, Company.timezone)
            .join(RecurringInvoice.company)
            .where(RecurringInvoice.status == "active", RecurringInvoice.next_issue_date <= before))
