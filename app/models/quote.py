"""Quotes (DESIGN §12): a priced document the client accepts or declines on its public link,
and that converts once into a draft invoice. The link to that invoice is one column,
``invoices.quote_pk`` (unique): the invoice names its quote and the quote finds its invoice
through it, so neither side can disagree and a second conversion cannot be stored."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column
from app.models.document import LanguageMixin, LineItemMixin, PricedDocumentMixin

QUOTE_STATUSES = ("draft", "sent", "viewed", "accepted", "declined", "expired", "cancelled", "invoiced")


class Quote(PkMixin, TimestampMixin, PricedDocumentMixin, LanguageMixin, db.Model):
    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("company_pk", "number"),
        Index("ix_quotes_company_list", "company_pk", "deleted_at", "pk"),
        Index("ix_quotes_company_status", "company_pk", "status", "pk"),
        Index("ix_quotes_company_customer", "company_pk", "customer_pk", "pk"),
    )

    id: Mapped[str] = public_id_column("quo")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.pk"), nullable=False)
    number: Mapped[str] = mapped_column(String(limits.DOCUMENT_NUMBER), nullable=False)
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="draft")
    issue_date: Mapped[date] = mapped_column(Date, nullable=False)
    expiry_date: Mapped[date] = mapped_column(Date, nullable=False)
    terms: Mapped[str | None] = mapped_column(Text)
    public_token: Mapped[str] = mapped_column(String(limits.TOKEN), unique=True, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by: Mapped[str | None] = mapped_column(String(limits.ACCEPTED_BY))
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")
    customer = relationship("Customer")
    items = relationship("QuoteItem", order_by="QuoteItem.sort_order", cascade="all, delete-orphan",
                         back_populates="quote")
    invoice = relationship("Invoice", back_populates="quote", uselist=False)

    # A quote keeps no copy of its customer's details: documents show the live customer.
    billing_snapshot = None

    @property
    def invoice_id(self) -> str | None:
        return self.invoice.id if self.invoice is not None else None


class QuoteItem(PkMixin, LineItemMixin, db.Model):
    __tablename__ = "quote_items"

    id: Mapped[str] = public_id_column("di")
    quote_pk: Mapped[int] = mapped_column(ForeignKey("quotes.pk"), nullable=False, index=True)

    quote = relationship("Quote", back_populates="items")
