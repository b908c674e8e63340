from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, UTCDateTime, utcnow

REMINDER_OUTCOMES = ("sending", "sent", "skipped")


class ReminderSent(PkMixin, db.Model):
    """One row per (invoice, reminder step) ever handled: the unique constraint is what makes
    a step send at most once, whichever worker gets there first and after any crash.

    ``sending``: claimed, the email is on its way; ``sent``: the server accepted it;
    ``skipped``: a later step was due first (after downtime only the latest is sent)."""
    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("invoice_pk", "step_days"),)

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False)
    step_days: Mapped[int] = mapped_column(Integer, nullable=False)
    outcome: Mapped[str] = mapped_column(String(limits.CODE), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    invoice = relationship("Invoice")
