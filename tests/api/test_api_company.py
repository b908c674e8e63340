"""/v1/company: read and update the profile (admins only), with the Settings form's field
names; VAT ids checked by country; reminder steps checked by the reminders' own rules; a key
reaches only the companies its user belongs to."""
import pytest

from app.api.openapi import spec
from app.extensions import db
from app.models import Company
from tests.support.html import field_error

FIELDS = {"id", "name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region", "country",
          "vat_id", "email", "currency", "timezone", "locale", "document_language",
          "invoice_prefix", "credit_note_prefix", "quote_prefix",
          "einvoice_pdf", "contact_name", "contact_phone", "peppol_id", "payment_reference_format",
          "reminders_enabled", "reminder_steps", "stripe_connected", "created_at", "updated_at",
          "datev_consultant_number", "datev_client_number"}
PROFILE = {"name": "Acme Studio", "legal_name": "Acme Studio GmbH", "address_line1": "Hauptstraße 1",
           "address_line2": "Hinterhaus", "city": "Berlin", "postal_code": "10115", "region": "Berlin",
           "country": "DE", "vat_id": "de 136 695 976", "email": "billing@acme.example", "currency": "EUR",
           "timezone": "Europe/Berlin", "locale": "de_DE", "document_language": "de",
           "invoice_prefix": "ac", "einvoice_pdf": False,
           "credit_note_prefix": "acn", "quote_prefix": "aqt",
           "reminders_enabled": True, "reminder_steps": [{"days": 7, "subject": None, "message": None},
                                                         {"days": -3, "subject": "Soon due", "message": None}]}


def test_retrieve_shows_every_field(api, actor):
    response = api.get("/v1/company")
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert set(data) == FIELDS
    assert data["id"] == actor.company.id and data["name"] == "Acme Studio"
    assert (data["currency"], data["timezone"], data["locale"], data["invoice_prefix"]) == ("USD", "UTC", "en_US", "INV")
    assert data["reminders_enabled"] is False and data["reminder_steps"] == []
    assert data["einvoice_pdf"] is True  # Factur-X PDFs by default
    assert data["document_language"] == "en"  # an en_US company's customers read English
    assert data["address_line1"] is None and data["vat_id"] is None


def test_update_every_field_and_read_it_back(api, actor):
    response = api.post("/v1/company", json=PROFILE)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()["data"]
    assert data["vat_id"] == "DE136695976"  # compact, as the country's format writes it
    assert data["invoice_prefix"] == "AC"
    assert data["einvoice_pdf"] is False
    assert (data["credit_note_prefix"], data["quote_prefix"]) == ("ACN", "AQT")
    assert data["reminder_steps"] == [{"days": -3, "subject": "Soon due", "message": None},
                                      {"days": 7, "subject": None, "message": None}]  # earliest first
    for field in ("legal_name", "address_line1", "address_line2", "city", "postal_code", "region", "country",
                  "email", "currency", "timezone", "locale", "document_language"):
        assert data[field] == PROFILE[field], field
    assert api.get("/v1/company").get_json() == {"data": data}
    db.session.expire_all()
    company = db.session.get(Company, actor.company.pk)
    assert (company.city, company.vat_id, company.reminders_enabled) == ("Berlin", "DE136695976", True)


def test_only_the_given_fields_change(api):
    api.post("/v1/company", json=PROFILE)
    data = api.post("/v1/company", json={"city": "Potsdam"}).get_json()["data"]
    assert data["city"] == "Potsdam" and data["address_line1"] == "Hauptstraße 1" and data["vat_id"] == "DE136695976"
    assert api.post("/v1/company").status_code == 200  # nothing given, nothing changed


@pytest.mark.parametrize("body, param", [
    ({"vat_id": "DE123"}, "vat_id"),                                     # not a German VAT id
    ({"country": "FR", "vat_id": "FR123"}, "vat_id"),
    ({"country": "ZZ"}, "country"),
    ({"country": "Germany"}, "country"),
    ({"name": ""}, "name"),
    ({"name": None}, "name"),
    ({"address_line1": "x" * 201}, "address_line1"),
    ({"address_line2": "two\nlines"}, "address_line2"),
    ({"city": "c" * 121}, "city"),
    ({"postal_code": "1" * 33}, "postal_code"),
    ({"region": "r" * 121}, "region"),
    ({"email": "nope"}, "email"),
    ({"currency": "EURO"}, "currency"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"locale": "xx_YY_ZZ"}, "locale"),
    ({"document_language": "pt"}, "document_language"),
    ({"invoice_prefix": "IN V"}, "invoice_prefix"),
    ({"reminders_enabled": "yes"}, "reminders_enabled"),
    ({"reminders_enabled": True}, "reminder_steps"),                      # no step to send
    ({"reminder_steps": [{"days": 400}]}, "reminder_steps.0.days"),
    ({"reminder_steps": [{"days": 3}, {"days": 3}]}, "reminder_steps.1.days"),
    ({"reminder_steps": [{"days": 3, "colour": "red"}]}, "reminder_steps.0.colour"),
    ({"reminder_steps": "weekly"}, "reminder_steps"),
    ({"address": "1 Main Street"}, "address"),                            # not a field of the profile
])
def test_validation_errors_name_the_field_and_change_nothing(api, actor, body, param):
    api.post("/v1/company", json={"country": "DE", "vat_id": "DE136695976"})
    before = api.get("/v1/company").get_json()
    response = api.post("/v1/company", json=body)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error" and error["message"]
    assert api.get("/v1/company").get_json() == before


def test_a_new_country_must_fit_the_stored_vat_id(api):
    api.post("/v1/company", json={"country": "DE", "vat_id": "DE136695976"})
    # DE136695976 carries its own EU prefix: it is checked as German wherever the company is.
    assert api.post("/v1/company", json={"country": "AT"}).status_code == 200
    assert api.post("/v1/company", json={"vat_id": "U13585627"}).get_json()["data"]["vat_id"] == "ATU13585627"
    response = api.post("/v1/company", json={"country": "FR", "vat_id": "U13585627"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "vat_id"
    # A country whose VAT format stdnum does not know accepts any id.
    data = api.post("/v1/company", json={"country": "US", "vat_id": "US-99-123"}).get_json()["data"]
    assert (data["country"], data["vat_id"]) == ("US", "US-99-123")


def test_a_member_reads_but_may_not_update(api_for, member, actor):
    api = api_for(member)
    assert api.get("/v1/company").status_code == 200
    response = api.post("/v1/company", json={"name": "Taken over"})
    assert response.status_code == 403
    assert response.get_json()["error"]["type"] == "permission_error"
    db.session.expire_all()
    assert db.session.get(Company, actor.company.pk).name == "Acme Studio"


def test_another_companys_profile_is_404_and_unchanged(api, make_account):
    other = make_account(email="other@example.com", company="Other Ltd")
    for response in (api.get("/v1/company", company_id=other.company.id),
                     api.post("/v1/company", json={"name": "Hijacked"}, company_id=other.company.id)):
        assert response.status_code == 404
        assert response.get_json()["error"]["param"] == "company_id"
    db.session.expire_all()
    assert db.session.get(Company, other.company.pk).name == "Other Ltd"


def test_the_settings_form_and_the_api_share_one_update(api, client, login, actor):
    """A rule of the service reads the same at both doors (here: the VAT id's format)."""
    login(actor.user.email)
    api_error = api.post("/v1/company", json={"country": "FR", "vat_id": "FR123"}).get_json()["error"]
    page = client.post("/settings", data={"name": "Acme Studio", "country": "FR", "vat_id": "FR123",
                                          "invoice_prefix": "INV", "currency": "USD", "timezone": "UTC",
                                          "locale": "en_US"})
    assert page.status_code == 400
    assert field_error(page.get_data(as_text=True), "vat_id") == api_error["message"].removeprefix("vat_id: ")


def test_openapi_describes_the_company_operations():
    document = spec()
    assert document["paths"]["/v1/company"]["get"]["operationId"] == "retrieveCompany"
    update = document["paths"]["/v1/company"]["post"]
    assert update["operationId"] == "updateCompany" and "403" in update["responses"]
    properties = document["components"]["schemas"]["CompanyUpdate"]["properties"]
    assert set(properties) == FIELDS - {"id", "created_at", "updated_at", "stripe_connected"}  # read only
