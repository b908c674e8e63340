"""Online payment (DESIGN §16): the Stripe Checkout Sessions opened for invoices, and the
Stripe events already handled (so a redelivered or replayed event changes nothing)."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, UTCDateTime, money_column, public_id_column, utcnow

CHECKOUT_STATUSES = ("open", "complete", "expired")


class CheckoutSession(PkMixin, db.Model):
    """A Checkout Session opened for an invoice: its amount (the amount due when it was opened),
    Stripe's id and page, and where it stands. ``attempt`` counts the sessions of that invoice
    that had expired or failed before this one (part of the Idempotency-Key that opened it)."""
    __tablename__ = "checkout_sessions"
    __table_args__ = (
        UniqueConstraint("company_pk", "stripe_id"),
        # The tick reads the unsettled sessions of the last day; the Pay button the invoice's open ones.
        Index("ix_checkout_sessions_unsettled", "settled_at", "created_at"),
        Index("ix_checkout_sessions_invoice", "invoice_pk", "status"),
    )

    id: Mapped[str] = public_id_column("chk")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False)
    stripe_id: Mapped[str] = mapped_column(String(limits.PROVIDER_ID), nullable=False)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    amount: Mapped[Decimal] = money_column(nullable=False)
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="open")
    # Stripe's payment_status: unpaid, paid (or no_payment_required); "failed" once a bank debit failed.
    payment_status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="unpaid")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    # When it stopped needing a look: paid and recorded, expired, or its debit failed.
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invoice = relationship("Invoice")
    company = relationship("Company")


class StripeEvent(PkMixin, db.Model):
    """An event from a company's Stripe account that was handled (DESIGN §16)."""
    __tablename__ = "stripe_events"
    __table_args__ = (UniqueConstraint("company_pk", "event_id"),)

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    event_id: Mapped[str] = mapped_column(String(limits.PROVIDER_ID), nullable=False)
    type: Mapped[str] = mapped_column(String(limits.PROVIDER_ID), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
