"""Customer shapes: create, update, the customer object, and the list's parameters."""
from __future__ import annotations

import pycountry

from app import limits
from app.models.customer import CUSTOMER_STATUSES
from app.schemas.common import CursorParams, Input, Output, QueryChoice
from app.schemas.fields import Choice, PublicId, Text, Timestamp, named

Country = named("Country", tuple(sorted(country.alpha_2 for country in pycountry.countries)))
Currency = named("Currency", tuple(sorted(currency.alpha_3 for currency in pycountry.currencies)))
CustomerStatus = named("CustomerStatus", CUSTOMER_STATUSES)
SHORTHANDS = {"email": "contact_email", "phone": "contact_phone"}


class CustomerUpdate(Input):
    """The given fields change; the others stay."""
    name: Text(limits.CUSTOMER_NAME, required=True, nullable=False) = None
    country: Choice(Country, description="ISO 3166-1 alpha-2.") = None
    email: Text(limits.EMAIL, fmt="email", description="Shorthand of contact_email.") = None
    contact_email: Text(limits.EMAIL, fmt="email") = None
    phone: Text(limits.PHONE, description="Shorthand of contact_phone.") = None
    contact_phone: Text(limits.PHONE) = None
    city: Text(limits.CITY) = None
    zipcode: Text(limits.ZIPCODE) = None
    currency: Choice(Currency, description="ISO 4217; default: the company's.") = None
    legal_name: Text(limits.LEGAL_NAME) = None
    legal_address: Text(limits.LEGAL_ADDRESS) = None
    legal_vat: Text(limits.LEGAL_VAT) = None
    notes: Text(limits.NOTES) = None
    status: Choice(CustomerStatus) = None


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
    city: str | None
    zipcode: str | None
    currency: Currency
    legal_name: str | None
    legal_address: str | None
    legal_vat: str | None
    notes: str | None
    status: CustomerStatus
    created_at: Timestamp
    updated_at: Timestamp


class CustomerListParams(CursorParams):
    status: QueryChoice(CustomerStatus, "status", "Filter by status.") = None
