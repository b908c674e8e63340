from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column

CUSTOMER_STATUSES = ("active", "inactive")


class Customer(PkMixin, TimestampMixin, db.Model):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("company_pk", "slug"),
        Index("ix_customers_company_list", "company_pk", "deleted_at", "pk"),
        Index("ix_customers_company_name", "company_pk", "name", "pk"),  # by name (migration 0004)
    )

    id: Mapped[str] = public_id_column("cus")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    name: Mapped[str] = mapped_column(String(limits.CUSTOMER_NAME), nullable=False)
    slug: Mapped[str] = mapped_column(String(220), nullable=False)
    country: Mapped[str] = mapped_column(String(2), nullable=False)
    contact_email: Mapped[str | None] = mapped_column(String(limits.EMAIL))
    contact_phone: Mapped[str | None] = mapped_column(String(limits.PHONE))
    city: Mapped[str | None] = mapped_column(String(limits.CITY))
    zipcode: Mapped[str | None] = mapped_column(String(limits.ZIPCODE))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    legal_name: Mapped[str | None] = mapped_column(String(limits.LEGAL_NAME))
    legal_address: Mapped[str | None] = mapped_column(Text)
    legal_vat: Mapped[str | None] = mapped_column(String(limits.LEGAL_VAT))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    send_reminders: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")

    def billing_details(self) -> dict:
        """What an invoice keeps of its customer when it is sent."""
        return {
            "name": self.name, "legal_name": self.legal_name, "legal_address": self.legal_address,
            "legal_vat": self.legal_vat, "city": self.city, "zipcode": self.zipcode,
            "country": self.country, "contact_email": self.contact_email,
        }
