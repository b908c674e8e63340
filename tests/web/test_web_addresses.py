"""The customer form and Settings → Company with structured addresses (DESIGN §10): saved as
typed, VAT ids checked by the country's format, every refusal beside its field and nothing
saved; the seed's ``zipcode`` still accepted by the customer form."""
import pytest

from app.models import Company, Customer
from tests.support.html import field_error, input_value, text_of

CUSTOMER = {"name": "Müller GmbH", "contact_email": "ap@mueller.example", "country": "DE", "currency": "EUR",
            "status": "active", "address_line1": "Friedrichstraße 10", "address_line2": "3. OG",
            "postal_code": "10117", "city": "Berlin", "region": "Berlin", "legal_name": "Müller Handels GmbH",
            "legal_vat": "de136695976", "buyer_reference": "04011000-12345-34", "send_reminders": "y"}
COMPANY = {"name": "Acme Studio", "email": "hello@acme.example", "legal_name": "Acme Studio SARL",
           "address_line1": "1 rue de la Paix", "address_line2": "Bâtiment B", "postal_code": "75002",
           "city": "Paris", "region": "Île-de-France", "country": "FR", "vat_id": "FR40303265045",
           "invoice_prefix": "AC", "currency": "EUR", "timezone": "Europe/Paris", "locale": "fr_FR"}


def test_customer_with_structured_address(client, owner, db):
    response = client.post("/customers/new", data=CUSTOMER)
    assert response.status_code == 302
    customer = db.session.query(Customer).filter_by(name="Müller GmbH").one()
    assert (customer.address_line1, customer.address_line2, customer.postal_code, customer.city, customer.region) == (
        "Friedrichstraße 10", "3. OG", "10117", "Berlin", "Berlin")
    assert customer.legal_vat == "DE136695976" and customer.buyer_reference == "04011000-12345-34"
    html = text_of(client.get(response.location))
    assert "Friedrichstraße 10" in html and "10117 Berlin" in html and "04011000-12345-34" in html
    edit = text_of(client.get(f"/customers/{customer.id}/edit"))
    assert input_value(edit, "address_line2") == "3. OG" and input_value(edit, "postal_code") == "10117"


def test_customer_form_accepts_the_seeds_zipcode(client, owner, db):
    data = {key: value for key, value in CUSTOMER.items() if key != "postal_code"}
    assert client.post("/customers/new", data={**data, "zipcode": "10119"}).status_code == 302
    assert db.session.query(Customer).one().postal_code == "10119"


@pytest.mark.parametrize("changes, field, words", [
    ({"legal_vat": "DE123"}, "legal_vat", "is not a valid VAT id for DE"),
    ({"country": "FR", "legal_vat": "136695976"}, "legal_vat", "is not a valid VAT id for FR"),  # read as FR…
    ({"country": "ZZ"}, "country", "ISO 3166-1"),
    ({"address_line1": "x" * 201}, "address_line1", "at most 200 characters"),
    ({"postal_code": "1" * 33}, "postal_code", "at most 32 characters"),
    ({"region": "r" * 121}, "region", "at most 120 characters"),
    ({"buyer_reference": "b" * 201}, "buyer_reference", "at most 200 characters"),
])
def test_customer_form_errors_beside_the_field(client, owner, db, changes, field, words):
    response = client.post("/customers/new", data={**CUSTOMER, **changes})
    assert response.status_code == 400
    html = text_of(response)
    assert words in (field_error(html, field) or ""), field_error(html, field)
    assert db.session.query(Customer).count() == 0


def test_company_settings_with_structured_address(client, owner, db):
    assert client.post("/settings", data=COMPANY).status_code == 302
    db.session.expire_all()
    company = db.session.get(Company, owner.company.pk)
    assert (company.address_line1, company.address_line2, company.postal_code, company.city, company.region,
            company.country, company.vat_id) == ("1 rue de la Paix", "Bâtiment B", "75002", "Paris", "Île-de-France",
                                                 "FR", "FR40303265045")
    html = text_of(client.get("/settings"))
    assert input_value(html, "address_line2") == "Bâtiment B" and input_value(html, "region") == "Île-de-France"


@pytest.mark.parametrize("changes, field, words", [
    ({"vat_id": "FR123"}, "vat_id", "is not a valid VAT id for FR"),
    ({"vat_id": "DE123456789"}, "vat_id", "is not a valid VAT id"),     # an EU prefix is checked wherever
    ({"country": "ZZ"}, "country", "ISO 3166-1"),
    ({"address_line1": "x" * 201}, "address_line1", "at most 200 characters"),
    ({"city": "c" * 121}, "city", "at most 120 characters"),
    ({"postal_code": "1" * 33}, "postal_code", "at most 32 characters"),
])
def test_company_settings_errors_beside_the_field(client, owner, db, changes, field, words):
    response = client.post("/settings", data={**COMPANY, **changes})
    assert response.status_code == 400
    html = text_of(response)
    assert words in (field_error(html, field) or ""), field_error(html, field)
    db.session.expire_all()
    company = db.session.get(Company, owner.company.pk)
    assert company.address_line1 is None and company.currency == "USD"
