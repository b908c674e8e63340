"""Recurring invoice shapes (DESIGN §13): create, update, the object with its items and
its next issue dates, and the list's parameters. The invoice's own fields and items are the
invoice's shapes, declared once in :mod:`app.invoices.schemas`."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from app.invoices.schemas import PricedDocument, PricedDocumentFields
from app.limits import RECURRING_PERIODS_BACK
from app.models.recurring import INTERVALS, RECURRING_STATUSES
from app.recurring.service import MAX_COUNT, MAX_DUE_DAYS, MAX_INTERVAL_COUNT
from app.schemas.common import CursorParams, QueryChoice
from app.schemas.fields import Choice, Day, PublicId, Reference, Timestamp, _input, _shape, named

Interval = named("Interval", INTERVALS)
RecurringStatus = named("RecurringStatus", RECURRING_STATUSES)
is_whole = _shape(lambda value: isinstance(value, (int, str)) and not isinstance(value, bool),
                  "Must be a whole number.")
is_flag = _shape(lambda value: isinstance(value, bool), "Must be true or false.")


def Whole(minimum: int, maximum: int, *, nullable: bool = True, description: str | None = None):
    schema_type = Annotated[int, Field(ge=minimum, le=maximum)]
    return _input(is_whole, schema_type | None if nullable else schema_type, description)


Flag = _input(is_flag, bool)


class RecurringFields(PricedDocumentFields):
    """The invoice's fields (without its dates) and the schedule."""
    interval: Choice(Interval, description="How often an invoice is issued.") = None
    interval_count: Whole(1, MAX_INTERVAL_COUNT, nullable=False, description="Every n intervals; default 1.") = None
    start_date: Day(description="The first issue date; default: today in the company's timezone. Months are "
                                "counted from it and clamped to the month's end. At most "
                                f"{RECURRING_PERIODS_BACK} periods before today.") = None
    end_date: Day(description="The last day an invoice may be issued (or give count; not both).") = None
    count: Whole(1, MAX_COUNT, description="How many invoices in all, the first included (or give end_date).") = None
    due_days: Whole(0, MAX_DUE_DAYS, description="Days from issue to due date; default 30.") = None
    auto_send: Flag = Field(None, description="Email the invoice of the period that contains today when it "
                                              "is issued; back-dated periods are issued as drafts and never "
                                              "emailed. Default false: invoices are created as drafts.")


class RecurringCreate(RecurringFields):
    """A new active recurring invoice; totals are computed."""
    customer_id: Reference("A customer of the company.")
    interval: Choice(Interval, description="How often an invoice is issued.")


class RecurringUpdate(RecurringFields):
    """Active or paused ones take every field (items are replaced); interval, interval_count and
    start_date only until the first invoice is issued."""


class RecurringInvoice(PricedDocument):
    id: PublicId("rec")
    customer_id: PublicId("cus")
    status: RecurringStatus = Field(description="completed once the last invoice is issued.")
    interval: Interval
    interval_count: int
    start_date: date
    end_date: date | None
    count: int | None
    due_days: int
    auto_send: bool
    next_issue_date: date | None = Field(description="null once nothing is left to issue, or when cancelled.")
    issued_count: int
    upcoming_dates: list[date] = Field(description="The next five issue dates (fewer near the end).")
    payment_terms: str | None
    cancelled_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class RecurringListParams(CursorParams):
    status: QueryChoice(RecurringStatus, "status", "Filter by status.") = None
