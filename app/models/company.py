from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, public_id_column

ROLES = ("admin", "member")


class Company(PkMixin, TimestampMixin, db.Model):
    __tablename__ = "companies"

    id: Mapped[str] = public_id_column("com")
    name: Mapped[str] = mapped_column(String(limits.COMPANY_NAME), nullable=False)
    legal_name: Mapped[str | None] = mapped_column(String(limits.LEGAL_NAME))
    # The address (DESIGN §10); lines are TEXT for the same reason as the customer's.
    address_line1: Mapped[str | None] = mapped_column(Text)
    address_line2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(limits.CITY))
    postal_code: Mapped[str | None] = mapped_column(String(limits.POSTAL_CODE))
    region: Mapped[str | None] = mapped_column(String(limits.REGION))
    vat_id: Mapped[str | None] = mapped_column(String(limits.VAT_ID))
    email: Mapped[str | None] = mapped_column(String(limits.EMAIL))
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False, default="USD")
    invoice_prefix: Mapped[str] = mapped_column(String(limits.PREFIX), nullable=False, default="INV")
    quote_prefix: Mapped[str] = mapped_column(String(limits.PREFIX), nullable=False, default="QT", server_default="QT")
    credit_note_prefix: Mapped[str] = mapped_column(String(limits.PREFIX), nullable=False, default="CN", server_default="CN")
    timezone: Mapped[str] = mapped_column(String(limits.TIMEZONE), nullable=False, default="UTC")
    locale: Mapped[str] = mapped_column(String(limits.LOCALE), nullable=False, default="en_US")
    country: Mapped[str | None] = mapped_column(String(limits.COUNTRY))  # ISO 3166-1 alpha-2
    # What customers receive is written in, unless a customer has a language of its own (DESIGN §17).
    document_language: Mapped[str] = mapped_column(String(limits.LANGUAGE), nullable=False, default="en",
                                                   server_default="en")
    # Payment reminders (DESIGN §13; rules in app/services/reminders.py): off until switched on.
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    reminder_steps: Mapped[list | None] = mapped_column(JSON)
    # E-invoices (DESIGN §14): PDFs served and mailed are Factur-X PDFs when the invoice is ready.
    einvoice_pdf: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    # How to pay (DESIGN §15): the seller's contact (BT-41/42, with ``email`` BT-43), its Peppol
    # electronic address ("scheme:identifier") and how invoices' payment references are made.
    contact_name: Mapped[str | None] = mapped_column(String(limits.CONTACT_NAME))
    contact_phone: Mapped[str | None] = mapped_column(String(limits.PHONE))
    peppol_id: Mapped[str | None] = mapped_column(String(limits.PEPPOL_ID))
    payment_reference_format: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="number",
                                                          server_default="number")
    # Online payment (DESIGN §16): the Stripe secret key and webhook signing secret, sealed
    # (app/sealed.py); never shown again but for their last four characters.
    stripe_secret_key_sealed: Mapped[str | None] = mapped_column(Text)
    stripe_webhook_secret_sealed: Mapped[str | None] = mapped_column(Text)
    # The DATEV export (DESIGN §19): the tax consultant's number (Beraternummer) and the company's
    # number at that consultant (Mandantennummer); the export in DATEV's format needs both.
    datev_consultant_number: Mapped[int | None] = mapped_column(Integer)
    datev_client_number: Mapped[int | None] = mapped_column(Integer)

    @property
    def stripe_connected(self) -> bool:
        return self.stripe_secret_key_sealed is not None

    memberships = relationship("Membership", back_populates="company", cascade="all, delete-orphan")


class Membership(PkMixin, TimestampMixin, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_pk", "company_pk"),)

    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), nullable=False, index=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="member")

    user = relationship("User", back_populates="memberships")
    company = relationship("Company", back_populates="memberships")


class InvoiceCounter(db.Model):
    """One row per company, kind of document (``invoice``, ``quote``, ``credit_note``) and
    year; incremented inside the document's own transaction."""
    __tablename__ = "invoice_counters"

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(limits.CODE), primary_key=True, default="invoice", server_default="invoice")
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
