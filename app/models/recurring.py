"""Recurring invoices (DESIGN §13): an invoice's fields plus a schedule; the tick issues one
invoice per period. ``next_period`` is the index of the next period to issue (see
:mod:`app.schedule`), ``next_issue_date`` its start (NULL once nothing is left to issue):
the tick reads the (status, next issue date) index, so a day with nothing due reads nothing."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column
from app.models.document import LineItemMixin, PricedDocumentMixin

RECURRING_STATUSES = ("active", "paused", "completed", "cancelled")
INTERVALS = ("day", "week", "month", "year")


class RecurringInvoice(PkMixin, TimestampMixin, PricedDocumentMixin, db.Model):
    __tablename__ = "recurring_invoices"
    __table_args__ = (
        Index("ix_recurring_invoices_due", "status", "next_issue_date"),
        Index("ix_recurring_invoices_company_list", "company_pk", "pk"),
    )

    id: Mapped[str] = public_id_column("rec")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.pk"), nullable=False)
    payment_terms: Mapped[str | None] = mapped_column(String(limits.PAYMENT_TERMS))
    interval: Mapped[str] = mapped_column(String(limits.INTERVAL), nullable=False)
    interval_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    end_date: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    due_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    auto_send: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="active")
    next_period: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_issue_date: Mapped[date | None] = mapped_column(Date)
    issued_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")
    customer = relationship("Customer")
    items = relationship("RecurringInvoiceItem", order_by="RecurringInvoiceItem.sort_order",
                         cascade="all, delete-orphan", back_populates="recurring_invoice")


class RecurringInvoiceItem(PkMixin, LineItemMixin, db.Model):
    __tablename__ = "recurring_invoice_items"

    id: Mapped[str] = public_id_column("di")
    recurring_invoice_pk: Mapped[int] = mapped_column(ForeignKey("recurring_invoices.pk"), nullable=False, index=True)

    recurring_invoice = relationship("RecurringInvoice", back_populates="items")
