"""DESIGN §15: the seller's contact and Peppol id, and the payment reference format, through
/v1/company and Settings → Company (one update rule for both); a customer's Peppol id through
/v1/customers and the customer pages. Ids are checked against Peppol's EAS list and stored normalized."""
import pytest

from app.extensions import db
from app.models import Company, Customer
from tests.support.html import field_error

SETTINGS = {"name": "Acme Studio", "invoice_prefix": "INV", "credit_note_prefix": "CN", "quote_prefix": "QT",
            "currency": "EUR", "timezone": "UTC", "locale": "en_US", "country": "DE"}


def test_the_company_contact_and_peppol_id_round_trip(api, actor):
    data = api.post("/v1/company", json={"contact_name": " Anna Schmidt ", "contact_phone": "+49 30 1234567",
                                         "peppol_id": " 9930 : DE136695976 "}).get_json()["data"]
    assert (data["contact_name"], data["contact_phone"], data["peppol_id"]) == \
        ("Anna Schmidt", "+49 30 1234567", "9930:DE136695976")
    assert data["payment_reference_format"] == "number"  # the default
    assert api.get("/v1/company").get_json()["data"]["peppol_id"] == "9930:DE136695976"
    cleared = api.post("/v1/company", json={"peppol_id": "", "contact_phone": None}).get_json()["data"]
    assert (cleared["peppol_id"], cleared["contact_phone"], cleared["contact_name"]) == (None, None, "Anna Schmidt")


@pytest.mark.parametrize(("body", "param"), [
    ({"peppol_id": "EM:billing@acme.example"}, "peppol_id"),      # e-mail is no Peppol address
    ({"peppol_id": "1234:abc"}, "peppol_id"),                     # not an EAS code
    ({"peppol_id": "0208:0403019262"}, "peppol_id"),              # bad Belgian check digits
    ({"peppol_id": "0208"}, "peppol_id"),                         # no identifier
    ({"peppol_id": "9930:" + "D" * 120}, "peppol_id"),            # too long
    ({"contact_phone": "call me"}, "contact_phone"),              # fewer than three digits
    ({"contact_phone": "+49\n30 1234567"}, "contact_phone"),      # a line break
    ({"contact_name": "A" * 201}, "contact_name"),
    ({"contact_name": "Anna\u202eSchmidt"}, "contact_name"),      # a bidi override
    ({"payment_reference_format": "be_ogm"}, "payment_reference_format"),   # the company is not in BE
    ({"payment_reference_format": "swift"}, "payment_reference_format"),
    ({"payment_reference_format": None}, "payment_reference_format"),
])
def test_bad_values_are_refused_naming_the_field(api, body, param):
    before = api.get("/v1/company").get_json()
    response = api.post("/v1/company", json=body)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["param"] == param
    assert api.get("/v1/company").get_json() == before


def test_the_payment_reference_format_fits_the_country(api, actor):
    assert api.post("/v1/company", json={"payment_reference_format": "rf"}).get_json()["data"][
        "payment_reference_format"] == "rf"
    data = api.post("/v1/company", json={"country": "BE", "payment_reference_format": "be_ogm"}).get_json()["data"]
    assert (data["country"], data["payment_reference_format"]) == ("BE", "be_ogm")
    # Moving away from BE while invoices get Belgian references is refused, naming the country …
    response = api.post("/v1/company", json={"country": "FR"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "country"
    assert "payment reference" in response.get_json()["error"]["message"]
    # … and works when the format changes in the same update.
    data = api.post("/v1/company", json={"country": "FR", "payment_reference_format": "rf"}).get_json()["data"]
    assert (data["country"], data["payment_reference_format"]) == ("FR", "rf")
    db.session.expire_all()
    assert db.session.get(Company, actor.company.pk).payment_reference_format == "rf"


def test_settings_company_edits_the_contact_and_shows_the_same_errors(api, client, login, actor):
    login(actor.user.email)
    page = client.get("/settings").get_data(as_text=True)
    for name in ("contact_name", "contact_phone", "peppol_id"):
        assert f'name="{name}"' in page
    api_error = api.post("/v1/company", json={"peppol_id": "EM:x@y.example"}).get_json()["error"]
    response = client.post("/settings", data={**SETTINGS, "peppol_id": "EM:x@y.example"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "peppol_id") == api_error["message"].removeprefix("peppol_id: ")
    response = client.post("/settings", data={**SETTINGS, "contact_name": "Anna Schmidt",
                                              "contact_phone": "+49 30 1234567", "peppol_id": "0204:991-12345-67"})
    assert response.status_code == 302
    db.session.expire_all()
    company = db.session.get(Company, actor.company.pk)
    assert (company.contact_name, company.contact_phone, company.peppol_id) == \
        ("Anna Schmidt", "+49 30 1234567", "0204:991-12345-67")


def test_a_customer_peppol_id_through_the_api_and_the_pages(api, client, login, actor):
    created = api.post("/v1/customers", json={"name": "Brussels Widgets", "country": "BE",
                                              "peppol_id": "0208: 0403019261"})
    assert created.status_code == 201, created.get_json()
    data = created.get_json()["data"]
    assert data["peppol_id"] == "0208:0403019261"
    refused = api.post(f"/v1/customers/{data['id']}", json={"peppol_id": "EM:ap@widgets.example"})
    assert refused.status_code == 400 and refused.get_json()["error"]["param"] == "peppol_id"
    assert api.get(f"/v1/customers/{data['id']}").get_json()["data"]["peppol_id"] == "0208:0403019261"
    login(actor.user.email)
    show = client.get(f"/customers/{data['id']}").get_data(as_text=True)
    assert "Peppol id" in show and "0208:0403019261" in show
    form = client.get(f"/customers/{data['id']}/edit").get_data(as_text=True)
    assert 'name="peppol_id"' in form and 'value="0208:0403019261"' in form
    response = client.post(f"/customers/{data['id']}/edit", data={"name": "Brussels Widgets", "country": "BE",
                                                                  "currency": "EUR", "peppol_id": "0208:1"})
    assert response.status_code == 400 and field_error(response.get_data(as_text=True), "peppol_id")
    db.session.expire_all()
    assert db.session.scalars(db.select(Customer).where(Customer.id == data["id"])).one().peppol_id \
        == "0208:0403019261"
