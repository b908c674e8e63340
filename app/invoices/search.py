"""The invoice list, one query for both doors: the dashboard's list (numbered pages, sorted
by the user's choice) and the API's (cursor pages, newest first), with the same filters.

Filters: the effective status (or ``open``: every status that still owes money), one
customer, a search term (part of the number or of the customer's name), due-date and
issue-date ranges (both ends included; a range whose start is after its end matches
nothing), and invoices with a payment received since a day in the company's currency.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, bindparam, not_
from sqlalchemy.orm import contains_eager, selectinload

from app import limits
from app.extensions import db
from app.i18n import _
from app.invoices import rows as invoice_rows
from app.invoices.states import AUTO_OVERDUE_FROM, OPEN, overdue_condition
from app.models import INVOICE_STATUSES, Customer, Invoice, Payment
from app.services import inputs, tenancy
from app.services.errors import ValidationError
from app.services.matching import contains
from app.services.pagination import Page, page_by_number, paginate
from app.services.tenancy import Actor, today_for

STATUS_FILTERS = ("open", *INVOICE_STATUSES)
MAX_TERM = limits.SEARCH_TERM
# The dashboard's sorts: each is a total order (the last key is unique in the company), so a
# row never appears on two pages; every one of them reads an index at 1M invoices.
SORTS = {
    "issue_date": (Invoice.issue_date, Invoice.invoice_number),
    "number": (Invoice.invoice_number,),
    "customer": (Customer.name, Customer.pk, Invoice.pk),
    "due_date": (Invoice.due_date, Invoice.pk),
    "total": (Invoice.total, Invoice.pk),
    "status": (Invoice.status, Invoice.pk),
}
DIRECTIONS = ("desc", "asc")


@dataclass(frozen=True)
class InvoiceFilters:
    status: str | None = None       # an effective status, or "open"
    customer_id: str | None = None  # a customer's public id (deleted ones too)
    q: str = ""                     # part of the number or of the customer's name
    due_from: date | None = None
    due_to: date | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    paid_from: date | None = None   # a payment received on or after this day (in `currency`)
    currency: str | None = None     # invoices in this currency; else payments in the company's
    sort: str = "issue_date"        # a key of SORTS (the dashboard's; API lists are newest first)
    direction: str = "desc"

    def __post_init__(self):
        object.__setattr__(self, "q", (self.q or "").strip())  # a term of spaces searches nothing

    def check(self) -> None:
        """Raise ValidationError naming each filter that cannot be used."""
        errors = {}
        if self.status not in (None, *STATUS_FILTERS):
            errors["status"] = _("Choose one of: %(choices)s.", choices=", ".join(STATUS_FILTERS))
        if len(self.q) > MAX_TERM:
            errors["q"] = _("At most %(count)s characters.", count=MAX_TERM)
        if self.sort not in SORTS:
            errors["sort"] = _("Choose one of: %(choices)s.", choices=", ".join(SORTS))
        if self.direction not in DIRECTIONS:
            errors["direction"] = _("Choose asc or desc.")
        if errors:
            raise ValidationError(errors)

    @property
    def needs_customer(self) -> bool:
        """Whether the query reads the customer's columns (to search or to sort)."""
        return bool(self.q) or self.sort == "customer"


def _status(query, actor: Actor, status: str):
    if status == "open":
        return query.where(Invoice.status.in_(OPEN))
    today = today_for(actor.company)
    if status == "overdue":
        return query.where(overdue_condition(today))
    if status in AUTO_OVERDUE_FROM:
        return query.where(Invoice.status == status, not_(overdue_condition(today)))
    return query.where(Invoice.status == status)


def _ranges(query, filters: InvoiceFilters):
    for column, low, high in ((Invoice.due_date, filters.due_from, filters.due_to),
                              (Invoice.issue_date, filters.issued_from, filters.issued_to)):
        if low is not None:
            query = query.where(column >= low)
        if high is not None:
            query = query.where(column <= high)
    return query


def invoice_query(actor: Actor, filters: InvoiceFilters = InvoiceFilters()):
    """``select(Invoice)``: the live invoices of the actor's company that match ``filters``,
    unordered; joined to their customer when the filters read it."""
    filters.check()
    query = tenancy.scoped(Invoice, actor.company)
    currency = inputs.currency(filters.currency) if filters.currency else None
    if currency is not None:
        query = query.where(Invoice.currency == currency)
    if filters.needs_customer:
        # Customers of the company too (as every invoice's is): sorted by customer, the database
        # can then walk the company's customers by name and each one's invoices in order.
        query = query.join(Invoice.customer).where(
            tenancy.scoped(Customer, actor.company, include_deleted=True).whereclause)
    if filters.paid_from is not None:
        # The day is written into the SQL (see app.services.pagination.page_by_number): a generic
        # plan that guesses a third of all payments would walk every invoice.
        since = bindparam("paid_from", filters.paid_from, type_=Date, literal_execute=True)
        payments = (tenancy.scoped(Payment, actor.company).with_only_columns(Payment.invoice_pk)
                    .where(Payment.currency == (currency or actor.company.currency), Payment.paid_at >= since))
        query = query.where(Invoice.pk.in_(payments))
    if filters.status is not None:
        query = _status(query, actor, filters.status)
    if filters.customer_id is not None:
        customer = db.session.scalars(tenancy.scoped(Customer, actor.company, include_deleted=True)
                                      .where(Customer.id == filters.customer_id)).first()
        query = query.where(Invoice.customer_pk == (customer.pk if customer else -1))
    if filters.q:
        query = query.where(contains(filters.q, Invoice.invoice_number, Customer.name))
    return _ranges(query, filters)


def ordered(query, filters: InvoiceFilters):
    keys = SORTS[filters.sort]
    return query.order_by(*(key.desc() if filters.direction == "desc" else key.asc() for key in keys))


def page_of_invoices(actor: Actor, filters: InvoiceFilters, number: int) -> Page:
    """The dashboard's page ``number``: invoices with their customer, in the chosen order."""
    query = ordered(invoice_query(actor, filters), filters)
    load = contains_eager(Invoice.customer) if filters.needs_customer else selectinload(Invoice.customer)
    return page_by_number(query.options(load), number)


def page_of_rows(actor: Actor, filters: InvoiceFilters, *, limit: int, starting_after: str | None = None,
                 ending_before: str | None = None) -> Page:
    """The API's page: plain rows (see :mod:`app.invoices.rows`), newest first. A
    cursor is looked up among all the company's invoices, so it keeps working after its
    invoice stopped matching a filter or was deleted."""
    query = invoice_query(actor, filters)
    return paginate(invoice_rows.rows_query(query), Invoice, limit=limit, starting_after=starting_after,
                    ending_before=ending_before,
                    cursor_scope=tenancy.scoped(Invoice, actor.company, include_deleted=True), rows=True)


def date_filters(args, names: dict[str, str]) -> dict[str, date]:
    """The date filters given in ``args`` (query parameter -> :class:`InvoiceFilters` field,
    per ``names``), each a YYYY-MM-DD date, else a ValidationError naming the parameter."""
    errors, found = {}, {}
    for param, field in names.items():
        if args.get(param) is not None:
            try:
                found[field] = inputs.a_date(args.get(param), param)
            except ValidationError as error:
                errors.update(error.errors)
    if errors:
        raise ValidationError(errors)
    return found
