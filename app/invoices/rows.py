"""Invoices read as plain rows with what their documents show: the customer, items,
payments and refunds. The API's list and retrieve answer from these, without building ORM
objects (a page of ten invoices is some fifty of them). A page is one query for the invoices
with their customers, then one ``IN`` query per kind of related row; one invoice comes with
its items in a single query.

Payments are asked for only for invoices whose ``amount_paid`` is above zero, refunds only
where ``amount_refunded`` is: every payment and refund is a positive amount added to that
total in the same transaction (see :mod:`app.invoices.lifecycle`), so where it is zero there
are none, and a page of unpaid invoices costs no query for them.
"""
from __future__ import annotations

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field

from sqlalchemy import Select, Text, bindparam, cast, select
from sqlalchemy.engine import Row

from app.extensions import db
from app.models import BankAccount, Company, CreditNote, Customer, Invoice, InvoiceItem, Payment, Quote, RecurringInvoice, Refund
from app.services import tenancy

# Every column but the billing and seller snapshots (JSON copies of the customer's and the
# company's details that no API document shows: decoding them for every row of a page is
# wasted work). The stored tax breakdown is read as it is, never recomputed.
UNSHOWN = ("billing_snapshot", "seller_snapshot")
INVOICE_COLUMNS = tuple(column for column in Invoice.__table__.c if column.name not in UNSHOWN)
CUSTOMER_COLUMNS = (Customer.id.label("customer__id"), Customer.name.label("customer__name"),
                    Customer.contact_email.label("customer__contact_email"))
# An item's tax rate copies come as their JSON text, not decoded: a page's items mostly carry
# the same few copies, which the serializer decodes once each (see app.api.serializers).
ITEM_COLUMNS = tuple(cast(column, Text).label(column.name) if column.name == "tax_rates" else column
                     for column in InvoiceItem.__table__.c)
ItemRow = namedtuple("ItemRow", [column.name for column in ITEM_COLUMNS])
# The public id of the quote an invoice was converted from (DESIGN §12), by primary key.
QUOTE_ID = select(Quote.id).where(Quote.pk == Invoice.quote_pk).scalar_subquery().label("quote_id")
# The public id of the recurring invoice that issued it, if one did (a primary-key lookup).
RECURRING_ID = (select(RecurringInvoice.id).where(RecurringInvoice.pk == Invoice.recurring_invoice_pk)
                .scalar_subquery().label("recurring_invoice_id"))
# The public id of the bank account chosen for it, if one is (a primary-key lookup).
BANK_ACCOUNT_ID = (select(BankAccount.id).where(BankAccount.pk == Invoice.bank_account_pk)
                   .scalar_subquery().label("bank_account_id"))

# Statements built once (a request only adds its WHERE clause or binds its values).
WITH_CUSTOMER = Invoice.__table__.join(Customer.__table__, Customer.pk == Invoice.customer_pk)
PAGE = select(*INVOICE_COLUMNS, *CUSTOMER_COLUMNS, RECURRING_ID, QUOTE_ID, BANK_ACCOUNT_ID).select_from(WITH_CUSTOMER)
# One invoice: a row per item (or one row without items), the item's columns last.
ONE = (select(*INVOICE_COLUMNS, *CUSTOMER_COLUMNS, RECURRING_ID, QUOTE_ID, BANK_ACCOUNT_ID,
              *(column.label(f"item__{column.name}") for column in ITEM_COLUMNS))
       .select_from(WITH_CUSTOMER.outerjoin(InvoiceItem.__table__, InvoiceItem.invoice_pk == Invoice.pk))
       .order_by(InvoiceItem.sort_order, InvoiceItem.pk))
RELATED = {name: select(*columns).where(model.invoice_pk.in_(bindparam("invoice_pks"))).order_by(*order)
           for name, model, columns, order in (
               ("items", InvoiceItem, ITEM_COLUMNS, (InvoiceItem.sort_order, InvoiceItem.pk)),
               ("payments", Payment, Payment.__table__.c, (Payment.pk,)),
               ("refunds", Refund, Refund.__table__.c, (Refund.pk,)))}
RELATED["credit_notes"] = (select(CreditNote.invoice_pk, CreditNote.id, CreditNote.number, CreditNote.type,
                                  CreditNote.total)
                           .where(CreditNote.invoice_pk.in_(bindparam("invoice_pks"))).order_by(CreditNote.pk))


@dataclass(frozen=True)
class CustomerSummary:
    id: str
    name: str
    contact_email: str | None


@dataclass
class InvoiceRecord:
    """One invoice's row (its columns by name) and its related rows."""
    invoice: Row
    customer: CustomerSummary
    items: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    refunds: list = field(default_factory=list)
    credit_notes: list = field(default_factory=list)


def rows_query(query: Select) -> Select:
    """``query`` (a filtered ``select(Invoice)``) as plain rows joined to their customer."""
    return PAGE.where(query.whereclause)


def one(company: Company, invoice_id: str) -> InvoiceRecord | None:
    """A live invoice of ``company`` by its public id, or None; its items come in the same query."""
    where = tenancy.scoped(Invoice, company).where(Invoice.id == invoice_id).whereclause
    rows = db.session.connection().execute(ONE.where(where)).all()
    if not rows:
        return None
    record = _record(rows[0])
    width = len(ItemRow._fields)
    record.items = [ItemRow(*row[-width:]) for row in rows if row.item__pk is not None]
    _attach_money({record.invoice.pk: record}, rows[:1])
    return record


def records(rows: list[Row]) -> list[InvoiceRecord]:
    """Rows of :func:`rows_query` with their items, payments and refunds (one query each at
    most, and none when no invoice of the rows can have any)."""
    found = [_record(row) for row in rows]
    by_pk = {record.invoice.pk: record for record in found}
    _attach(by_pk, "items", list(by_pk))
    _attach_money(by_pk, rows)
    return found


def _record(row: Row) -> InvoiceRecord:
    return InvoiceRecord(invoice=row, customer=CustomerSummary(row.customer__id, row.customer__name,
                                                               row.customer__contact_email))


def _attach_money(by_pk: dict, rows: list[Row]) -> None:
    _attach(by_pk, "payments", [row.pk for row in rows if row.amount_paid > 0])
    _attach(by_pk, "refunds", [row.pk for row in rows if row.amount_refunded > 0])
    # Every credit note adds its (positive) total to amount_credited in the same transaction.
    _attach(by_pk, "credit_notes", [row.pk for row in rows if row.amount_credited > 0])


def _attach(by_pk: dict, name: str, invoice_pks: list[int]) -> None:
    if not invoice_pks:
        return
    grouped = defaultdict(list)
    for row in db.session.connection().execute(RELATED[name], {"invoice_pks": invoice_pks}).all():
        grouped[row.invoice_pk].append(row)
    for pk, related in grouped.items():
        setattr(by_pk[pk], name, related)
