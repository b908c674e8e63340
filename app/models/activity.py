from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, UTCDateTime, public_id_column, utcnow


class Activity(PkMixin, db.Model):
    """Who did what to which object, when."""
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_company_pk", "company_pk", "pk"),
        Index("ix_activities_invoice", "invoice_pk", "pk"),
    )

    id: Mapped[str] = public_id_column("act")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    invoice_pk: Mapped[int | None] = mapped_column(ForeignKey("invoices.pk"))
    subject_type: Mapped[str] = mapped_column(String(limits.CODE), nullable=False)
    subject_id: Mapped[str] = mapped_column(String(limits.PUBLIC_ID), nullable=False)
    action: Mapped[str] = mapped_column(String(limits.ACTIVITY_ACTION), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(limits.CODE), nullable=False)
    user_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk"))
    api_key_pk: Mapped[int | None] = mapped_column(ForeignKey("api_keys.pk"))
    details: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)

    user = relationship("User")
    api_key = relationship("ApiKey")
