"""/v1/tax_rates: create, list, retrieve, update (archive and restore), admins only for
writes, tenant isolation, validation; and items naming rates on /v1/invoices (DESIGN §10)."""
import pytest

from app.services import tax_rates, transaction


def rate(api, **body):
    response = api.post("/v1/tax_rates", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def test_create_retrieve_update_archive_restore(api):
    created = rate(api, name="VAT", percentage=19)
    assert set(created) == {"id", "name", "percentage", "category", "exemption_reason", "active", "account",
                            "created_at", "updated_at"}
    assert (created["name"], created["percentage"], created["category"], created["active"]) == ("VAT", 19, "S", True)
    path = f"/v1/tax_rates/{created['id']}"
    assert api.get(path).get_json()["data"] == created
    archived = api.post(path, json={"active": False})
    assert archived.status_code == 200 and archived.get_json()["data"]["active"] is False
    changed = api.post(path, json={"active": True, "percentage": "19.5"}).get_json()["data"]
    assert (changed["active"], changed["percentage"]) == (True, 19.5)
    assert api.delete(path).status_code == 405


def test_list_is_newest_first_with_cursors_and_archived_rates(api):
    ids = [rate(api, name=f"Rate {n}", percentage=n + 1)["id"] for n in range(3)]
    api.post(f"/v1/tax_rates/{ids[0]}", json={"active": False})
    page = api.get("/v1/tax_rates", limit=2).get_json()
    assert [entry["id"] for entry in page["data"]] == [ids[2], ids[1]] and page["has_more"] is True
    rest = api.get("/v1/tax_rates", limit=2, starting_after=ids[1]).get_json()
    assert [entry["id"] for entry in rest["data"]] == [ids[0]] and rest["has_more"] is False
    assert rest["data"][0]["active"] is False
    assert api.get("/v1/tax_rates", ending_before=ids[0]).get_json()["data"][0]["id"] == ids[2]
    assert api.get("/v1/tax_rates", starting_after="txr_000000000000").status_code == 400


@pytest.mark.parametrize("body, param", [
    ({"percentage": 19}, "name"),
    ({"name": "VAT"}, "percentage"),
    ({"name": "VAT", "percentage": 101}, "percentage"),
    ({"name": "VAT", "percentage": "7.1234"}, "percentage"),
    ({"name": "VAT", "percentage": 19, "category": "X"}, "category"),
    ({"name": "Reverse", "percentage": 0, "category": "AE"}, "exemption_reason"),
    ({"name": "VAT", "percentage": 19, "active": "yes"}, "active"),
    ({"name": "VAT", "percentage": 19, "color": "red"}, "color"),
])
def test_invalid_input_is_a_400_naming_the_field(api, body, param):
    response = api.post("/v1/tax_rates", json=body)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["param"] == param
    assert api.get("/v1/tax_rates").get_json()["data"] == []


def test_members_read_admins_write(api, member, api_for):
    created = rate(api, name="VAT", percentage=19)
    as_member = api_for(member)
    assert as_member.get(f"/v1/tax_rates/{created['id']}").status_code == 200
    assert [entry["id"] for entry in as_member.get("/v1/tax_rates").get_json()["data"]] == [created["id"]]
    assert as_member.post("/v1/tax_rates", json={"name": "GST", "percentage": 5}).status_code == 403
    refused = as_member.post(f"/v1/tax_rates/{created['id']}", json={"active": False})
    assert refused.status_code == 403 and refused.get_json()["error"]["type"] == "permission_error"
    assert api.get(f"/v1/tax_rates/{created['id']}").get_json()["data"]["active"] is True


def test_another_companys_rate_is_missing_everywhere(api, make_account, make_customer):
    other = make_account(email="other@example.com", company="Other")
    with transaction():
        theirs = tax_rates.create_tax_rate(other, {"name": "Theirs", "percentage": 7}).id
    for response in (api.get(f"/v1/tax_rates/{theirs}"), api.post(f"/v1/tax_rates/{theirs}", json={"active": False})):
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "resource_missing"
    assert api.get("/v1/tax_rates").get_json()["data"] == []
    assert api.get("/v1/tax_rates", starting_after=theirs).status_code == 400
    customer = make_customer()
    used = api.post("/v1/invoices", json={"customer_id": customer.id,
                                          "items": [{"name": "A", "unit_price": 1, "tax_rates": [theirs]}]})
    assert used.status_code == 400 and used.get_json()["error"]["param"] == "items[0].tax_rates"
    with transaction():
        assert tax_rates.get_tax_rate(other, theirs).active is True
