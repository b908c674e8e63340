"""/v1/bank_accounts: create, list, retrieve, update, delete; the JSON error object of a 400;
members read, admins write; another company's account is missing."""
import pytest

from app.models import BankAccount
from app.services import bank_accounts, transaction

FIELDS = {"id", "label", "account_holder", "iban", "bic", "account_number", "routing_number", "sort_code",
          "currency", "is_default", "created_at", "updated_at"}


def account(api, **body):
    response = api.post("/v1/bank_accounts", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def test_create_retrieve_update_delete(api, actor, ibans):
    created = account(api, label="Business EUR", iban="DE89 3704 0044 0532 0130 00", bic="DEUTDEFF", currency="EUR")
    assert set(created) == FIELDS
    assert (created["iban"], created["bic"], created["is_default"], created["account_holder"]) == (
        ibans["de"], "DEUTDEFF", True, actor.company.name)
    assert created["id"].startswith("ba_")
    path = f"/v1/bank_accounts/{created['id']}"
    assert api.get(path).get_json()["data"] == created
    changed = api.post(path, json={"label": "Main", "account_holder": "Acme Studio GmbH"})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["data"]["label"], changed.get_json()["data"]["account_holder"]) == (
        "Main", "Acme Studio GmbH")
    gone = api.delete(path)
    assert gone.status_code == 200 and gone.get_json()["data"] == {"id": created["id"], "deleted": True}
    assert api.get(path).status_code == 404


def test_list_and_default_per_currency(api, ibans):
    first = account(api, label="One", iban=ibans["de"], currency="EUR")
    second = account(api, label="Two", iban=ibans["fr"], currency="EUR")
    us = account(api, label="US", account_number="1234567890", routing_number="011000015", currency="USD")
    assert (first["is_default"], second["is_default"], us["is_default"]) == (True, False, True)
    made = api.post(f"/v1/bank_accounts/{second['id']}", json={"is_default": True}).get_json()["data"]
    assert made["is_default"] is True
    listed = {entry["id"]: entry["is_default"] for entry in api.get("/v1/bank_accounts").get_json()["data"]}
    assert listed == {first["id"]: False, second["id"]: True, us["id"]: True}
    page = api.get("/v1/bank_accounts", limit=2).get_json()
    assert [entry["id"] for entry in page["data"]] == [us["id"], second["id"]] and page["has_more"] is True
    api.delete(f"/v1/bank_accounts/{second['id']}")
    assert api.get(f"/v1/bank_accounts/{first['id']}").get_json()["data"]["is_default"] is True


@pytest.mark.parametrize("body, param", [
    ({"iban": "DE89370400440532013000", "currency": "EUR"}, "label"),
    ({"label": "x", "iban": "DE89370400440532013000"}, "currency"),
    ({"label": "x", "iban": "DE89370400440532013001", "currency": "EUR"}, "iban"),
    ({"label": "x", "iban": "DE89370400440532013000", "bic": "NOTABIC", "currency": "EUR"}, "bic"),
    ({"label": "x", "account_number": "1234567890", "routing_number": "011000016", "currency": "USD"},
     "routing_number"),
    ({"label": "x", "account_number": "31926819", "sort_code": "6016", "currency": "GBP"}, "sort_code"),
    ({"label": "x", "currency": "EUR"}, "iban"),
    ({"label": "x", "iban": "DE89370400440532013000", "sort_code": "601613", "currency": "EUR"}, "sort_code"),
    ({"label": "x", "iban": "DE89370400440532013000", "currency": "EUR", "is_default": "yes"}, "is_default"),
    ({"label": "x", "iban": "DE89370400440532013000", "currency": "EUR", "swift": "DEUTDEFF"}, "swift"),
    ({"label": "x", "iban": "DE89370400440532013000\u0000", "currency": "EUR"}, "iban"),
    ({"label": "x", "iban": ["DE89370400440532013000"], "currency": "EUR"}, "iban"),
])
def test_invalid_input_is_a_400_naming_the_field(api, body, param):
    response = api.post("/v1/bank_accounts", json=body)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert (error["type"], error["param"]) == ("invalid_request_error", param) and error["message"]
    assert api.get("/v1/bank_accounts").get_json()["data"] == []


def test_members_read_admins_write(api, member, api_for, ibans):
    created = account(api, label="Main", iban=ibans["de"], currency="EUR")
    as_member = api_for(member)
    assert as_member.get(f"/v1/bank_accounts/{created['id']}").status_code == 200
    assert [entry["id"] for entry in as_member.get("/v1/bank_accounts").get_json()["data"]] == [created["id"]]
    for refused in (as_member.post("/v1/bank_accounts", json={"label": "Mine", "iban": ibans["fr"], "currency": "EUR"}),
                    as_member.post(f"/v1/bank_accounts/{created['id']}", json={"label": "Mine"}),
                    as_member.delete(f"/v1/bank_accounts/{created['id']}")):
        assert refused.status_code == 403 and refused.get_json()["error"]["type"] == "permission_error"
    assert api.get(f"/v1/bank_accounts/{created['id']}").get_json()["data"] == created


def test_another_companys_account_is_missing_everywhere(api, make_account, make_customer, ibans):
    other = make_account(email="other@example.com", company="Other")
    with transaction():
        theirs = bank_accounts.create_bank_account(other, {"label": "Theirs", "iban": ibans["fr"],
                                                           "currency": "EUR"}).id
    for response in (api.get(f"/v1/bank_accounts/{theirs}"),
                     api.post(f"/v1/bank_accounts/{theirs}", json={"label": "Mine"}),
                     api.delete(f"/v1/bank_accounts/{theirs}")):
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "resource_missing"
    assert api.get("/v1/bank_accounts").get_json()["data"] == []
    used = api.post("/v1/invoices", json={"customer_id": make_customer().id, "currency": "EUR",
                                          "bank_account_id": theirs})
    assert used.status_code == 400 and used.get_json()["error"]["param"] == "bank_account_id"
    with transaction():
        assert bank_accounts.get_bank_account(other, theirs).label == "Theirs"
    assert BankAccount.query.count() == 1
