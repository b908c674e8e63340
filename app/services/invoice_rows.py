"""Invoices read as plain rows with what their documents show: the customer, items,
payments and refunds. The API's list and retrieve answer from these, without building ORM
objects (a page of ten invoices is some fifty of them).

Payments are asked for only for invoices whose ``amount_paid`` is above zero, refunds only
where ``amount_refunded`` is: every payment and refund is a positive amount added to that
total in the same transaction (see :mod:`app.services.lifecycle`), so where it is zero there
are none, and a page of unpaid invoices costs no query for them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.engine import Row

from app.extensions import db
from app.models import Company, Customer, Invoice, InvoiceItem, Payment, Refund
from app.services import tenancy

CUSTOMER_COLUMNS = (Customer.id.label("customer__id"), Customer.name.label("customer__name"),
                    Customer.contact_email.label("customer__contact_email"))
WITH_CUSTOMER = Invoice.__table__.join(Customer.__table__, Customer.pk == Invoice.customer_pk)


@dataclass(frozen=True)
class CustomerSummary:
    id: str
    name: str
    contact_email: str | None


@dataclass
class InvoiceRecord:
    """One invoice's row (every column, by name) and its related rows."""
    invoice: Row
    customer: CustomerSummary
    items: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    refunds: list = field(default_factory=list)


def rows_query(query: Select) -> Select:
    """``query`` (a filtered ``select(Invoice)``) as plain rows joined to their customer."""
    return query.with_only_columns(*Invoice.__table__.c, *CUSTOMER_COLUMNS).select_from(WITH_CUSTOMER)


def one(company: Company, invoice_id: str) -> InvoiceRecord | None:
    """A live invoice of ``company`` by its public id, or None."""
    query = rows_query(tenancy.scoped(Invoice, company).where(Invoice.id == invoice_id))
    row = db.session.connection().execute(query).first()
    return records([row])[0] if row is not None else None


def records(rows: list[Row]) -> list[InvoiceRecord]:
    """Rows of :func:`rows_query` with their items, payments and refunds (one query each at
    most, and none when no invoice of the rows can have any)."""
    found = [InvoiceRecord(invoice=row, customer=CustomerSummary(
        row.customer__id, row.customer__name, row.customer__contact_email)) for row in rows]
    by_pk = {record.invoice.pk: record for record in found}
    _attach(by_pk, "items", InvoiceItem, list(by_pk), (InvoiceItem.sort_order, InvoiceItem.pk))
    _attach(by_pk, "payments", Payment, [row.pk for row in rows if row.amount_paid > 0], (Payment.pk,))
    _attach(by_pk, "refunds", Refund, [row.pk for row in rows if row.amount_refunded > 0], (Refund.pk,))
    return found


def _attach(by_pk: dict, name: str, model, invoice_pks: list[int], order) -> None:
    if not invoice_pks:
        return
    grouped = defaultdict(list)
    query = select(model.__table__).where(model.invoice_pk.in_(invoice_pks)).order_by(*order)
    for row in db.session.connection().execute(query):
        grouped[row.invoice_pk].append(row)
    for pk, related in grouped.items():
        setattr(by_pk[pk], name, related)
