"""Overdue as due work: store ``overdue`` on the invoices that went past due (DESIGN §5 shows
them overdue either way), so that their ``invoice.overdue`` webhook event is written the day
it happens (DESIGN §18). One item per company with such invoices; each is idempotent."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.invoices import lifecycle
from app.invoices.states import AUTO_OVERDUE_FROM
from app.jobs.outcome import Done
from app.models import Company, Invoice
from app.models.base import utcnow
from app.services import transaction


def find_work(today: date | None = None) -> list[int]:
    """The pks of companies with an invoice past due that is not stored overdue yet (by the
    latest today of any timezone; each company's own today decides when it runs)."""
    latest = today or (utcnow() + timedelta(days=1)).date()
    past_due = (Invoice.status.in_(AUTO_OVERDUE_FROM), Invoice.due_date < latest, Invoice.amount_due > 0,
                Invoice.deleted_at.is_(None))
    with transaction():
        return list(db.session.scalars(select(Invoice.company_pk).where(*past_due).distinct()
                                       .order_by(Invoice.company_pk)))


def mark(company_pk: int, today: date | None = None) -> Done:
    with transaction():
        company = db.session.get(Company, company_pk)
        count = lifecycle.mark_overdue(company, today) if company is not None else 0
    if not count:
        return Done("nothing")
    return Done("marked", f"{company.name}: {count} invoice(s) now overdue", count=count)
