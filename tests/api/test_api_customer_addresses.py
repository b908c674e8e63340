"""/v1/customers and DESIGN §10: the structured address, the seed's ``zipcode`` and free-text
``legal_address`` still accepted, the VAT id checked by the customer's country, the buyer
reference, and whether the customer takes reminders."""
import pytest

ADDRESS = {"name": "Müller GmbH", "country": "DE", "address_line1": "Friedrichstraße 10", "address_line2": "3. OG",
           "postal_code": "10117", "city": "Berlin", "region": "Berlin", "legal_vat": "DE 136 695 976",
           "buyer_reference": "04011000-12345-34", "send_reminders": False}


def test_structured_address_round_trip(api):
    response = api.post("/v1/customers", json=ADDRESS)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()["data"]
    for field in ("address_line1", "address_line2", "postal_code", "city", "region", "buyer_reference"):
        assert data[field] == ADDRESS[field], field
    assert data["legal_vat"] == "DE136695976"
    assert data["send_reminders"] is False
    assert data["zipcode"] == "10117"  # the seed's name, still returned
    assert data["legal_address"] == "Friedrichstraße 10\n3. OG"
    updated = api.post(f"/v1/customers/{data['id']}", json={"send_reminders": True, "zipcode": "10119"})
    assert updated.status_code == 200
    assert updated.get_json()["data"]["send_reminders"] is True
    assert updated.get_json()["data"]["postal_code"] == "10119"


def test_the_seeds_free_text_address_becomes_two_lines(api):
    data = api.post("/v1/customers", json={"name": "Acme", "country": "US", "zipcode": "94105",
                                           "legal_address": "500 Market St\n Suite 300 \n\nSan Francisco"}
                    ).get_json()["data"]
    assert (data["address_line1"], data["address_line2"]) == ("500 Market St", "Suite 300, San Francisco")
    assert data["postal_code"] == data["zipcode"] == "94105"
    one_line = api.post(f"/v1/customers/{data['id']}", json={"legal_address": "1 Main Street"}).get_json()["data"]
    assert (one_line["address_line1"], one_line["address_line2"]) == ("1 Main Street", None)
    assert one_line["legal_address"] == "1 Main Street"


@pytest.mark.parametrize("body, param", [
    ({"legal_vat": "DE123"}, "legal_vat"),
    ({"country": "FR", "legal_vat": "FR123"}, "legal_vat"),
    ({"country": "AT", "legal_vat": "U1234"}, "legal_vat"),
    ({"country": "XX"}, "country"),
    ({"country": "Deutschland"}, "country"),
    ({"address_line1": "x" * 201}, "address_line1"),
    ({"address_line2": "y" * 201}, "address_line2"),
    ({"address_line1": "two\nlines"}, "address_line1"),
    ({"postal_code": "1" * 33}, "postal_code"),
    ({"zipcode": "1" * 33}, "postal_code"),  # named by its full name, as email is contact_email
    ({"region": "r" * 121}, "region"),
    ({"city": "c" * 121}, "city"),
    ({"buyer_reference": "b" * 201}, "buyer_reference"),
    ({"legal_address": "l" * 201}, "legal_address"),
    ({"legal_address": "Street 1", "address_line1": "Street 2"}, "legal_address"),
    ({"send_reminders": "no"}, "send_reminders"),
])
def test_bad_input_is_a_400_naming_the_field(api, body, param):
    response = api.post("/v1/customers", json={"name": "Müller GmbH", "country": "DE", **body})
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["param"] == param


def test_vat_ids_follow_the_customers_country(api):
    created = api.post("/v1/customers", json=ADDRESS).get_json()["data"]
    path = f"/v1/customers/{created['id']}"
    # A country without a VAT format in stdnum accepts any id.
    us = api.post("/v1/customers", json={"name": "Acme", "country": "US", "legal_vat": "US123456789"})
    assert us.status_code == 201 and us.get_json()["data"]["legal_vat"] == "US123456789"
    # An Austrian id given without its prefix gains it.
    austrian = api.post(path, json={"country": "AT", "legal_vat": "U13585627"}).get_json()["data"]
    assert austrian["legal_vat"] == "ATU13585627"
    # Moving to another country keeps the stored id only when it still fits.
    other = api.post("/v1/customers", json={"name": "Dupont", "country": "US", "legal_vat": "12-345"}).get_json()["data"]
    response = api.post(f"/v1/customers/{other['id']}", json={"country": "FR"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "legal_vat"
    assert api.get(f"/v1/customers/{other['id']}").get_json()["data"]["country"] == "US"
