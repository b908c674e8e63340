from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

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
    slug: Mapped[str] = mapped_column(String(limits.SLUG), nullable=False)
    country: Mapped[str] = mapped_column(String(limits.COUNTRY), nullable=False)
    contact_email: Mapped[str | None] = mapped_column(String(limits.EMAIL))
    contact_phone: Mapped[str | None] = mapped_column(String(limits.PHONE))
    # The address (DESIGN §10). Lines are TEXT: migration 0009c moved the old free-text
    # addresses into them whatever their length; new input is held to limits.ADDRESS_LINE.
    address_line1: Mapped[str | None] = mapped_column(Text)
    address_line2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(limits.CITY))
    postal_code: Mapped[str | None] = mapped_column(String(limits.POSTAL_CODE))
    region: Mapped[str | None] = mapped_column(String(limits.REGION))
    zipcode = synonym("postal_code")  # the seed's name, still read and written by the API
    buyer_reference: Mapped[str | None] = mapped_column(String(limits.BUYER_REFERENCE))
    peppol_id: Mapped[str | None] = mapped_column(String(limits.PEPPOL_ID))  # "scheme:identifier" (DESIGN §15)
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False)
    # What this customer receives is written in; NULL: the company's document_language (DESIGN §17).
    language: Mapped[str | None] = mapped_column(String(limits.LANGUAGE))
    legal_name: Mapped[str | None] = mapped_column(String(limits.LEGAL_NAME))
    legal_vat: Mapped[str | None] = mapped_column(String(limits.LEGAL_VAT))
    notes: Mapped[str | None] = mapped_column(Text)
    # The customer's debtor account in the accountant's books (DESIGN §19; DATEV's Konto).
    account_number: Mapped[str | None] = mapped_column(String(limits.ACCOUNT))
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="active")
    send_reminders: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")

    @property
    def legal_address(self) -> str | None:
        """The seed's free-text address: the two address lines, one per line."""
        return "\n".join(line for line in (self.address_line1, self.address_line2) if line) or None

    def billing_details(self) -> dict:
        """What an invoice keeps of its customer when it is sent (the buyer; DESIGN §10)."""
        return {
            "name": self.name, "legal_name": self.legal_name, "legal_address": self.legal_address,
            "legal_vat": self.legal_vat, "city": self.city, "zipcode": self.postal_code,
            "country": self.country, "contact_email": self.contact_email,
            "address_line1": self.address_line1, "address_line2": self.address_line2,
            "postal_code": self.postal_code, "region": self.region, "buyer_reference": self.buyer_reference,
            "peppol_id": self.peppol_id,
        }
