"""The numbering record (DESIGN §5): every deleted invoice of a company, drafts included,
with who deleted it and when, so that each gap in the working lists' numbers is explained.
Numbers are taken when a draft is created, so a deleted draft leaves a gap too.

Deleting keeps the row (``deleted_at``): the lists and lookups hide it, this record reads it
with its ``invoice.deleted`` activity in one query, scoped to the company by
:func:`app.services.tenancy.scoped`. Only drafts, cancelled and refunded invoices are ever
deleted (the table of :mod:`app.invoices.states`); one that was sent keeps its
``sent_at`` and its credit notes, which corrected it."""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import and_
from sqlalchemy.orm import joinedload

from app.models import Activity, Invoice
from app.services import tenancy
from app.services.pagination import Page, page_by_number
from app.services.tenancy import Actor

DELETED = "invoice.deleted"


class Deleted(NamedTuple):
    invoice: Invoice
    deletion: Activity | None  # who deleted it and when (None if it went unrecorded)

    @property
    def was_sent(self) -> bool:
        return self.invoice.sent_at is not None


def deleted_query(actor: Actor):
    """The company's deleted invoices with their deletion, by number, newest first."""
    return (tenancy.scoped(Invoice, actor.company, include_deleted=True)
            .where(Invoice.deleted_at.is_not(None))
            .outerjoin(Activity, and_(tenancy.scoped(Activity, actor.company).whereclause,
                                      Activity.invoice_pk == Invoice.pk, Activity.action == DELETED))
            .add_columns(Activity)
            .options(joinedload(Invoice.customer), joinedload(Activity.user), joinedload(Activity.api_key))
            .order_by(Invoice.invoice_number.desc(), Activity.pk))


def page_of_deleted(actor: Actor, number: int) -> Page:
    page = page_by_number(deleted_query(actor), number, rows=True)
    page.items = [Deleted(invoice, deletion) for invoice, deletion in page.items]
    return page
