"""The accountant's fields at both doors (DESIGN §19): a tax rate's ``account``, a customer's
``account_number`` (1 to 16 letters or digits) and the company's DATEV numbers (1001–9999999,
1–99999), in the API (and its OpenAPI document) and in the dashboard's forms."""
from app.api.openapi import spec
from app.models import Customer, TaxRate
from tests.support.html import field_error, text_of


def test_a_tax_rate_account_in_the_api(api):
    created = api.post("/v1/tax_rates", json={"name": "USt", "percentage": 19, "account": "8400"})
    assert created.status_code == 201 and created.get_json()["data"]["account"] == "8400"
    rate_id = created.get_json()["data"]["id"]
    for bad in ("84 00", "8400-1", "x" * 17):
        response = api.post(f"/v1/tax_rates/{rate_id}", json={"account": bad})
        assert response.status_code == 400 and response.get_json()["error"]["param"] == "account", bad
    cleared = api.post(f"/v1/tax_rates/{rate_id}", json={"account": None})
    assert cleared.status_code == 200 and cleared.get_json()["data"]["account"] is None


def test_a_customer_account_number_in_the_api(api):
    created = api.post("/v1/customers", json={"name": "Müller GmbH", "country": "DE", "account_number": "D10001"})
    assert created.status_code == 201 and created.get_json()["data"]["account_number"] == "D10001"
    response = api.post(f"/v1/customers/{created.get_json()['data']['id']}", json={"account_number": "=1+1"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "account_number"


def test_the_datev_numbers_in_the_company_api(api):
    saved = api.post("/v1/company", json={"datev_consultant_number": 1001, "datev_client_number": "99999"})
    assert saved.status_code == 200
    assert (saved.get_json()["data"]["datev_consultant_number"], saved.get_json()["data"]["datev_client_number"]) == (
        1001, 99999)
    for field, bad in (("datev_consultant_number", 1000), ("datev_consultant_number", 10000000),
                       ("datev_client_number", 0), ("datev_client_number", True), ("datev_client_number", 1.5)):
        response = api.post("/v1/company", json={field: bad})
        assert response.status_code == 400 and response.get_json()["error"]["param"] == field, (field, bad)


def test_the_openapi_document_shows_the_fields():
    schemas = spec()["components"]["schemas"]
    assert "account" in schemas["TaxRate"]["properties"] and "account" in schemas["TaxRateCreate"]["properties"]
    assert "account_number" in schemas["Customer"]["properties"]
    assert "account_number" in schemas["CustomerUpdate"]["properties"]
    consultant = schemas["CompanyUpdate"]["properties"]["datev_consultant_number"]
    assert {"minimum": 1001, "maximum": 9999999, "type": "integer"}.items() <= consultant["anyOf"][0].items()


def test_the_tax_rate_form_saves_an_account(owner, client, db):
    response = client.post("/settings/taxes", data={"name": "USt", "percentage": "19", "category": "S",
                                                    "account": "8400"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(TaxRate.account).where(TaxRate.name == "USt")) == "8400"
    response = client.post("/settings/taxes", data={"name": "USt", "percentage": "7", "category": "S",
                                                    "account": "84 00"})
    assert field_error(text_of(response), "account") == "Use letters and digits only, such as 8400 or 10001."


def test_the_customer_form_saves_an_account_number(owner, client, db):
    response = client.post("/customers/new", data={"name": "Müller GmbH", "country": "DE", "account_number": "10001"})
    assert response.status_code == 302
    customer = db.session.scalar(db.select(Customer).where(Customer.name == "Müller GmbH"))
    assert customer.account_number == "10001"
    assert "10001" in text_of(client.get(f"/customers/{customer.id}"))
    assert 'value="10001"' in text_of(client.get(f"/customers/{customer.id}/edit"))
