"""Company profile shapes: ``GET`` / ``POST /v1/company`` (the fields of Settings → Company and
Settings → Reminders)."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from app import limits, payment_references
from app.schemas.common import Output
from app.schemas.customers import PEPPOL_ID_HELP, AddressInput, Country, Currency, Language
from app.schemas.fields import Choice, Flag, PublicId, Text, Timestamp, _input, _passes, _shape, named
from app.services import reminders

PaymentReferenceFormat = named("PaymentReferenceFormat", payment_references.FORMATS)

is_whole = _shape(lambda value: isinstance(value, (int, str)) and not isinstance(value, bool),
                  "Must be a whole number.")


def DatevNumber(low: int, high: int, description: str):
    """A whole number from ``low`` to ``high`` (its digits as text are accepted too), or null."""
    return _input(is_whole, Annotated[int, Field(ge=low, le=high)] | None, description)


class ReminderStepInput(BaseModel):
    """A reminder step as sent: the services check it (errors name ``reminder_steps.N.field``)."""
    days: int = Field(ge=reminders.MIN_DAYS, le=reminders.MAX_DAYS,
                      description="Days from the due date; negative: before it.")
    subject: Text(limits.REMINDER_SUBJECT, description="One line; default wording if null.") = None
    message: Text(limits.REMINDER_MESSAGE, multiline=True) = None


class ReminderStep(Output):
    days: int
    subject: str | None
    message: str | None


class CompanyUpdate(AddressInput):
    """The given fields change; the others stay. Admins only."""
    name: Text(limits.COMPANY_NAME, required=True, nullable=False) = None
    legal_name: Text(limits.LEGAL_NAME) = None
    country: Choice(Country, nullable=True, description="ISO 3166-1 alpha-2; the VAT id is checked against it.") = None
    vat_id: Text(limits.VAT_ID, description="Checked against the country's VAT format (stored compact).") = None
    email: Text(limits.EMAIL, fmt="email", description="Printed on invoices; replies go there.") = None
    contact_name: Text(limits.CONTACT_NAME, description="The seller's contact person in e-invoices "
                                                        "(BT-41; XRechnung needs it).") = None
    contact_phone: Text(limits.PHONE, description="The seller's contact phone in e-invoices "
                                                  "(BT-42; XRechnung needs it).") = None
    peppol_id: Text(limits.PEPPOL_ID, description=PEPPOL_ID_HELP) = None
    payment_reference_format: Choice(PaymentReferenceFormat, description=(
        "How invoices' payment references are made: the invoice number, an RF creditor reference (ISO 11649), "
        "or (companies in BE only) the Belgian structured communication.")) = None
    currency: Choice(Currency, description="ISO 4217; the overview counts in it.") = None
    timezone: Text(64, required=True, nullable=False, description="IANA name, such as Europe/Paris.") = None
    locale: Text(16, required=True, nullable=False, description="How amounts and dates are written, "
                                                                "such as en_US.") = None
    document_language: Choice(Language, description=(
        "The language of what customers receive unless a customer has its own (default: the locale's "
        "language where it is one of the six, else en).")) = None
    invoice_prefix: Text(16, required=True, nullable=False, description="Letters, digits, '-' or '_'.") = None
    credit_note_prefix: Text(16, required=True, nullable=False, description="Credit notes' own series (default CN).") = None
    quote_prefix: Text(16, required=True, nullable=False, description="Quotes' own series (default QT).") = None
    einvoice_pdf: Flag("Serve and mail every invoice PDF as a Factur-X e-invoice when the invoice is ready.") = None
    reminders_enabled: Flag("Send payment reminders automatically (needs at least one step).") = None
    reminder_steps: _input(_passes, list[ReminderStepInput], f"At most {reminders.MAX_STEPS} steps, "
                                                             "one per day.") = None
    datev_consultant_number: DatevNumber(limits.DATEV_CONSULTANT_MIN, limits.DATEV_CONSULTANT_MAX, (
        "The tax consultant's number at DATEV (Beraternummer); the DATEV export needs it.")) = None
    datev_client_number: DatevNumber(limits.DATEV_CLIENT_MIN, limits.DATEV_CLIENT_MAX, (
        "The company's client number at its tax consultant (Mandantennummer); the DATEV export needs it.")) = None


class Company(Output):
    id: PublicId("com")
    name: str
    legal_name: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    postal_code: str | None
    region: str | None
    country: Country | None
    vat_id: str | None
    email: str | None
    contact_name: str | None
    contact_phone: str | None
    peppol_id: str | None = Field(description="As given; where none is, the e-invoices use the one the VAT id "
                                              "gives (9930:DE…, 9957:FR…).")
    payment_reference_format: PaymentReferenceFormat
    currency: Currency
    timezone: str
    locale: str
    document_language: Language
    invoice_prefix: str
    credit_note_prefix: str
    quote_prefix: str
    einvoice_pdf: bool
    datev_consultant_number: int | None
    datev_client_number: int | None
    reminders_enabled: bool
    reminder_steps: list[ReminderStep]
    stripe_connected: bool = Field(description="Whether an admin connected the company's Stripe account "
                                               "(Settings → Payments): clients can then pay invoices online. "
                                               "The keys themselves are entered in the dashboard only.")
    created_at: Timestamp
    updated_at: Timestamp
