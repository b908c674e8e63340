"""Customer shapes: create, update, the customer object, and the list's parameters."""
from __future__ import annotations

import pycountry
from pydantic import Field

from app import limits
from app.i18n import LANGUAGES
from app.models.customer import CUSTOMER_STATUSES
from app.schemas.common import CursorParams, Input, Output, QueryChoice
from app.schemas.fields import Choice, Flag, PublicId, Text, Timestamp, named

Country = named("Country", tuple(sorted(country.alpha_2 for country in pycountry.countries)))
Currency = named("Currency", tuple(sorted(currency.alpha_3 for currency in pycountry.currencies)))
CustomerStatus = named("CustomerStatus", CUSTOMER_STATUSES)
Language = named("Language", LANGUAGES)
SHORTHANDS = {"email": "contact_email", "phone": "contact_phone"}
PEPPOL_ID_HELP = ("Peppol electronic address, scheme:identifier with a scheme of the EAS code list Peppol accepts "
                  "(e.g. 0208:0123456789, 9930:DE123456789); none: the e-invoices derive it from the VAT id where "
                  "the list has the country's VAT scheme.")

ACCOUNT_NUMBER_HELP = ("The customer's debtor account in the accountant's books (DATEV's Konto): 1 to 16 letters or "
                       "digits; the DATEV export needs a number of at most 9 digits, such as 10001.")


class AddressInput(Input):
    """The lines of a postal address (a customer's, the company's)."""
    address_line1: Text(limits.ADDRESS_LINE) = None
    address_line2: Text(limits.ADDRESS_LINE) = None
    city: Text(limits.CITY) = None
    postal_code: Text(limits.POSTAL_CODE) = None
    region: Text(limits.REGION, description="State, province or region.") = None


class CustomerUpdate(AddressInput):
    """The given fields change; the others stay."""
    name: Text(limits.CUSTOMER_NAME, required=True, nullable=False) = None
    country: Choice(Country, description="ISO 3166-1 alpha-2.") = None
    email: Text(limits.EMAIL, fmt="email", description="Shorthand of contact_email.") = None
    contact_email: Text(limits.EMAIL, fmt="email") = None
    phone: Text(limits.PHONE, description="Shorthand of contact_phone.") = None
    contact_phone: Text(limits.PHONE) = None
    zipcode: Text(limits.POSTAL_CODE, description="The seed's name of postal_code.") = None
    currency: Choice(Currency, description="ISO 4217; default: the company's.") = None
    language: Choice(Language, nullable=True, description=(
        "The language of everything this customer receives (PDFs, public pages, emails, reminders); "
        "null: the company's document_language.")) = None
    legal_name: Text(limits.LEGAL_NAME) = None
    legal_address: Text(limits.LEGAL_ADDRESS, multiline=True, description=(
        "The seed's free-text address: its first line becomes address_line1, the other lines "
        "address_line2 (joined by ', '). Not with the address lines.")) = None
    legal_vat: Text(limits.LEGAL_VAT, description="VAT id, checked against the country's format.") = None
    buyer_reference: Text(limits.BUYER_REFERENCE, description="Printed on invoices (e.g. a Leitweg-ID).") = None
    peppol_id: Text(limits.PEPPOL_ID, description=PEPPOL_ID_HELP) = None
    notes: Text(limits.NOTES, multiline=True) = None
    status: Choice(CustomerStatus) = None
    send_reminders: Flag("Whether automatic payment reminders go to this customer (default true).") = None
    account_number: Text(limits.ACCOUNT, description=ACCOUNT_NUMBER_HELP) = None


class CustomerCreate(CustomerUpdate):
    name: Text(limits.CUSTOMER_NAME, required=True, nullable=False)
    country: Choice(Country, description="ISO 3166-1 alpha-2.")


class Customer(Output):
    id: PublicId("cus")
    name: str
    slug: str
    country: Country
    contact_email: str | None
    contact_phone: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    postal_code: str | None
    zipcode: str | None = Field(description="Same as postal_code (the seed's name).")
    region: str | None
    currency: Currency
    language: Language | None = Field(description="Null: the company's document_language.")
    legal_name: str | None
    legal_address: str | None = Field(description="The address lines, one per line (the seed's free text).")
    legal_vat: str | None
    buyer_reference: str | None
    peppol_id: str | None = Field(description="As given; where none is, the e-invoices use the one the VAT id gives.")
    notes: str | None
    status: CustomerStatus
    send_reminders: bool
    account_number: str | None
    created_at: Timestamp
    updated_at: Timestamp


class CustomerListParams(CursorParams):
    status: QueryChoice(CustomerStatus, "status", "Filter by status.") = None
