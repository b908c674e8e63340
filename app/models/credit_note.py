"""Credit notes (DESIGN §11): a sent invoice is never changed, it is corrected by a credit
note. Issued at once (no draft), never edited or deleted; numbered on their own counter.

The figures and the tax breakdown are :class:`PricedDocumentMixin`'s (the memo is its
``notes``); a line is a :class:`LineItemMixin` row whose ``item_name`` holds the line's
description (the API's ``lines[].description``)."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from app import limits
from app.extensions import db
from app.models.base import PkMixin, UTCDateTime, public_id_column, utcnow
from app.models.document import LanguageMixin, LineItemMixin, PricedDocumentMixin

CREDIT_NOTE_TYPES = ("refund", "cancellation", "adjustment")


class CreditNote(PkMixin, PricedDocumentMixin, LanguageMixin, db.Model):
    __tablename__ = "credit_notes"
    __table_args__ = (
        UniqueConstraint("company_pk", "number"),
        Index("ix_credit_notes_company_list", "company_pk", "pk"),
        Index("ix_credit_notes_company_customer", "company_pk", "customer_pk", "pk"),
        Index("ix_credit_notes_company_issued", "company_pk", "issue_date", "pk"),  # the export (migration 0019)
    )

    id: Mapped[str] = public_id_column("cn")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False, index=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.pk"), nullable=False)
    refund_pk: Mapped[int | None] = mapped_column(ForeignKey("refunds.pk"), unique=True)
    number: Mapped[str] = mapped_column(String(limits.DOCUMENT_NUMBER), nullable=False)
    type: Mapped[str] = mapped_column(String(limits.CODE), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    issue_date: Mapped[date] = mapped_column(Date, nullable=False)
    public_token: Mapped[str] = mapped_column(String(limits.TOKEN), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    memo = synonym("notes")

    company = relationship("Company")
    invoice = relationship("Invoice", back_populates="credit_notes")
    customer = relationship("Customer")
    refund = relationship("Refund")
    lines = relationship("CreditNoteLine", order_by="CreditNoteLine.sort_order", cascade="all, delete-orphan",
                         back_populates="credit_note")

    @property
    def items(self):
        """The lines under the name every priced document's templates use."""
        return self.lines

    @property
    def invoice_id(self) -> str:
        return self.invoice.id

    @property
    def customer_id(self) -> str:
        return self.customer.id

    @property
    def refund_id(self) -> str | None:
        return self.refund.id if self.refund is not None else None


class CreditNoteLine(PkMixin, LineItemMixin, db.Model):
    __tablename__ = "credit_note_lines"

    id: Mapped[str] = public_id_column("cnl")
    credit_note_pk: Mapped[int] = mapped_column(ForeignKey("credit_notes.pk"), nullable=False, index=True)

    credit_note = relationship("CreditNote", back_populates="lines")
