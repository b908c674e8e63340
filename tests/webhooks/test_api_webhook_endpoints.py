"""/v1/webhook_endpoints (DESIGN §18): admins create, change, rotate and delete endpoints;
members read them; the secret is answered only by create and rotate_secret; bad input is the
JSON error object naming the field; the operations are in the OpenAPI document."""
import base64

import pytest

from app import limits
from app.api.openapi import spec
from app.webhooks import EVENT_TYPES, addresses, endpoints

NAMES = {"hooks.example.com": ["93.184.216.34"], "other.example.com": ["2606:2800:220:1:248:1893:25c8:1946"],
         "internal.example.com": ["10.1.2.3"], "sneaky.example.com": ["93.184.216.34", "127.0.0.1"]}


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """Names resolve from NAMES (no network in the tests); any other name does not resolve."""
    def resolve(host, port):
        if host in NAMES:
            return NAMES[host]
        try:
            return [str(addresses.ipaddress.ip_address(host))]
        except ValueError:
            raise addresses.Refused(f"The host {host} does not resolve to an address.") from None
    monkeypatch.setattr(addresses, "resolve", resolve)


@pytest.fixture()
def member_api(actor, member, api_for):
    return api_for(member)


def create(api, **fields):
    response = api.post("/v1/webhook_endpoints", json={"url": "https://hooks.example.com/corebill", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def error_of(response, status=400):
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def test_create_answers_the_secret_once(api):
    created = create(api, description="Books sync", enabled_events=["invoice.paid", "customer.created"])
    secret = created.pop("secret")
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert created["id"].startswith("we_")
    assert created["url"] == "https://hooks.example.com/corebill"
    assert created["description"] == "Books sync"
    assert created["enabled_events"] == ["customer.created", "invoice.paid"]  # in the types' order
    assert created["status"] == "enabled" and created["disabled_at"] is None
    assert set(created) == {"id", "url", "description", "enabled_events", "status", "disabled_at", "created_at",
                            "updated_at"}
    retrieved = api.get(f"/v1/webhook_endpoints/{created['id']}").get_json()["data"]
    assert retrieved == created
    listed = api.get("/v1/webhook_endpoints").get_json()
    assert listed == {"data": [created], "has_more": False}
    updated = api.post(f"/v1/webhook_endpoints/{created['id']}", json={"description": "Other"}).get_json()["data"]
    assert "secret" not in updated and secret not in str(updated)


def test_defaults_every_event(api):
    assert create(api)["enabled_events"] == ["*"]
    assert create(api, enabled_events=["invoice.paid", "*"])["enabled_events"] == ["*"]


def test_the_secret_signs_and_rotation_replaces_it(api, actor):
    created = create(api)
    endpoint = endpoints.get_endpoint(actor, created["id"])
    assert endpoints.secret_of(endpoint) == created["secret"]
    rotated = api.post(f"/v1/webhook_endpoints/{created['id']}/rotate_secret", json={})
    assert rotated.status_code == 200
    data = rotated.get_json()["data"]
    assert data["secret"] != created["secret"] and data["secret"].startswith("whsec_")
    assert data["id"] == created["id"]
    endpoint = endpoints.get_endpoint(actor, created["id"])
    assert endpoints.secret_of(endpoint) == data["secret"]
    assert api.post(f"/v1/webhook_endpoints/{created['id']}/rotate_secret").status_code == 200  # no body at all
    assert error_of(api.post(f"/v1/webhook_endpoints/{created['id']}/rotate_secret", json={"x": 1}))["param"] == "x"


def test_update_changes_the_given_fields(api):
    created = create(api, description="First")
    path = f"/v1/webhook_endpoints/{created['id']}"
    data = api.post(path, json={"url": "https://other.example.com/in", "enabled_events": ["quote.sent"]}) \
        .get_json()["data"]
    assert data["url"] == "https://other.example.com/in" and data["enabled_events"] == ["quote.sent"]
    assert data["description"] == "First" and data["status"] == "enabled"
    disabled = api.post(path, json={"status": "disabled"}).get_json()["data"]
    assert disabled["status"] == "disabled" and disabled["disabled_at"] is not None
    enabled = api.post(path, json={"status": "enabled", "description": None}).get_json()["data"]
    assert enabled["status"] == "enabled" and enabled["disabled_at"] is None and enabled["description"] is None


def test_delete(api):
    created = create(api)
    path = f"/v1/webhook_endpoints/{created['id']}"
    response = api.delete(path)
    assert response.status_code == 200
    assert response.get_json() == {"data": {"id": created["id"], "deleted": True}}
    assert error_of(api.get(path), 404)["code"] == "resource_missing"
    assert error_of(api.delete(path), 404)["code"] == "resource_missing"
    assert api.get("/v1/webhook_endpoints").get_json()["data"] == []


def test_list_pages_newest_first(api):
    made = [create(api, description=f"n{n}")["id"] for n in range(3)]
    first = api.get("/v1/webhook_endpoints", limit=2).get_json()
    assert [found["id"] for found in first["data"]] == made[::-1][:2] and first["has_more"] is True
    second = api.get("/v1/webhook_endpoints", limit=2, starting_after=made[1]).get_json()
    assert [found["id"] for found in second["data"]] == [made[0]] and second["has_more"] is False
    before = api.get("/v1/webhook_endpoints", ending_before=made[0]).get_json()
    assert [found["id"] for found in before["data"]] == made[::-1][:2]
    assert error_of(api.get("/v1/webhook_endpoints", limit=0))["param"] == "limit"
    assert error_of(api.get("/v1/webhook_endpoints", starting_after="we_000000000000"))["param"] == "starting_after"


def test_members_read_without_secrets_and_cannot_write(api, member_api):
    created = create(api)
    secret = created.pop("secret")
    path = f"/v1/webhook_endpoints/{created['id']}"
    for response in (member_api.get(path), member_api.get("/v1/webhook_endpoints")):
        assert response.status_code == 200 and secret not in response.get_data(as_text=True)
    assert member_api.get(path).get_json()["data"] == created
    for response in (member_api.post("/v1/webhook_endpoints", json={"url": "https://hooks.example.com/m"}),
                     member_api.post(path, json={"description": "Mine now"}),
                     member_api.post(path + "/rotate_secret", json={}),
                     member_api.delete(path)):
        assert error_of(response, 403)["type"] == "permission_error"
    assert api.get(path).get_json()["data"] == created


@pytest.mark.parametrize("body,param,words", [
    ({}, "url", "required"),
    ({"url": ""}, "url", None),
    ({"url": 5}, "url", "string"),
    ({"url": "hooks.example.com/x"}, "url", "https://"),
    ({"url": "http://hooks.example.com/x"}, "url", "https://"),
    ({"url": "ftp://hooks.example.com/x"}, "url", "https://"),
    ({"url": "https://user:pw@hooks.example.com/x"}, "url", "password"),
    ({"url": "https://hooks.example.com/x#frag"}, "url", "fragment"),
    ({"url": "https://127.0.0.1/x"}, "url", "private"),
    ({"url": "https://localhost/x"}, "url", None),
    ({"url": "https://[::1]/x"}, "url", "private"),
    ({"url": "https://169.254.169.254/latest"}, "url", "private"),
    ({"url": "https://[fd00::1]/x"}, "url", "private"),
    ({"url": "https://internal.example.com/x"}, "url", "10.1.2.3"),
    ({"url": "https://sneaky.example.com/x"}, "url", "127.0.0.1"),
    ({"url": "https://nowhere.invalid/x"}, "url", "resolve"),
    ({"url": "https://hooks.example.com/" + "x" * limits.WEBHOOK_URL}, "url", None),
    ({"url": "https://hooks.example.com/x", "enabled_events": ["invoice.paid", "invoice.eaten"]}, "enabled_events",
     "invoice.eaten"),
    ({"url": "https://hooks.example.com/x", "enabled_events": []}, "enabled_events", None),
    ({"url": "https://hooks.example.com/x", "enabled_events": "*"}, "enabled_events", None),
    ({"url": "https://hooks.example.com/x", "enabled_events": [1]}, "enabled_events", None),
    ({"url": "https://hooks.example.com/x", "status": "paused"}, "status", None),
    ({"url": "https://hooks.example.com/x", "description": "d" * (limits.WEBHOOK_DESCRIPTION + 1)}, "description",
     None),
    ({"url": "https://hooks.example.com/x", "secret": "whsec_mine"}, "secret", "Unknown"),
])
def test_bad_input_names_the_field(api, body, param, words):
    error = error_of(api.post("/v1/webhook_endpoints", json=body))
    assert error["type"] == "invalid_request_error" and error["param"] == param, error
    if words:
        assert words in error["message"], error
    assert api.get("/v1/webhook_endpoints").get_json()["data"] == []


def test_bad_update_changes_nothing(api):
    created = create(api)
    created.pop("secret")
    path = f"/v1/webhook_endpoints/{created['id']}"
    assert error_of(api.post(path, json={"description": "New", "url": "https://127.0.0.1/"}))["param"] == "url"
    assert error_of(api.post(path, json={"url": None}))["param"] == "url"
    assert api.get(path).get_json()["data"] == created


def test_private_addresses_and_http_when_allowed(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE", True)
    assert create(api, url="http://127.0.0.1:8000/hooks")["url"] == "http://127.0.0.1:8000/hooks"
    assert create(api, url="https://internal.example.com/x")["status"] == "enabled"


def test_at_most_so_many_endpoints(api):
    for _ in range(limits.WEBHOOK_ENDPOINTS):
        create(api)
    error = error_of(api.post("/v1/webhook_endpoints", json={"url": "https://hooks.example.com/one-more"}))
    assert error["param"] == "url" and str(limits.WEBHOOK_ENDPOINTS) in error["message"]


def test_another_company_sees_nothing(api, make_account, api_for):
    created = create(api)
    other = api_for(make_account(email="other@example.com", company="Other"))
    path = f"/v1/webhook_endpoints/{created['id']}"
    for response in (other.get(path), other.post(path, json={"description": "x"}), other.delete(path),
                     other.post(path + "/rotate_secret", json={})):
        assert error_of(response, 404)["code"] == "resource_missing"
    assert other.get("/v1/webhook_endpoints").get_json() == {"data": [], "has_more": False}
    assert error_of(other.get("/v1/webhook_endpoints", starting_after=created["id"]))["param"] == "starting_after"
    assert api.get(path).status_code == 200


def test_openapi_describes_the_operations():
    document = spec()
    paths = document["paths"]
    assert set(paths["/v1/webhook_endpoints"]) >= {"get", "post"}
    assert set(paths["/v1/webhook_endpoints/{id}"]) >= {"get", "post", "delete"}
    assert "post" in paths["/v1/webhook_endpoints/{id}/rotate_secret"]
    assert "get" in paths["/v1/events"] and "get" in paths["/v1/events/{id}"]
    schemas = document["components"]["schemas"]
    assert "secret" not in schemas["WebhookEndpoint"]["properties"]
    assert "secret" in schemas["WebhookEndpointWithSecret"]["required"]
    assert set(schemas["EventType"]["enum"]) == set(EVENT_TYPES)
    created = paths["/v1/webhook_endpoints"]["post"]["responses"]["201"]
    assert "WebhookEndpointWithSecret" in str(created)
    assert "403" in paths["/v1/webhook_endpoints"]["post"]["responses"]
    assert "403" not in paths["/v1/webhook_endpoints"]["get"]["responses"]
