"""An invoice that has everything the e-invoice formats need (a German seller, a French buyer)."""
import uuid

import pytest

from app.services import accounts, transaction
from tests.security.figures import figure  # noqa: F401  (a fixture)

SELLER_FIELDS = {"legal_name": "Nordlicht Software GmbH", "address_line1": "Hauptstraße 1", "city": "Berlin",
                 "postal_code": "10115",
                 "vat_id": "DE136695976", "country": "DE", "email": "billing@nordlicht.example", "currency": "EUR"}
BUYER_FIELDS = {"name": "Client SARL", "country": "FR", "email": "ap@client.example", "currency": "EUR",
                "address_line1": "12 rue de la Paix", "city": "Paris", "postal_code": "75002",
                "legal_vat": "FR40303265045"}


@pytest.fixture()
def seller(actor):
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
    return actor


@pytest.fixture()
def ready_invoice(seller, make_customer, make_invoice):
    customer = make_customer(**BUYER_FIELDS)

    def make(**fields):
        data = {"currency": "EUR", "notes": f"marker {uuid.uuid4().hex}", "due_date": "2099-01-01", **fields}
        return make_invoice(customer=customer, **data)
    return make
