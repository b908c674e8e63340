"""The error object for every kind of bad request, and never a 500."""
import json
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import Customer, Invoice

GARBAGE_BODIES = [
    "{", "[]", "[1, 2]", '"text"', "123", "null", "true", '{"name": NaN, "country": "US"}',
    '{"name": Infinity}', '{"name": "A", "country": "US"', "\xff\xfe", '{"a": ' * 5000 + "1" + "}" * 5000,
    '{"name": 1e999999999, "country": "US"}', '{"name": "A", "country": {"nested": [1, {"x": null}]}}',
    '{"name": "\\ud800", "country": "US"}', '{"name": "A\\u0000", "country": "US"}',
    '{"quantity": ' + "9" * 5000 + "}", '{"name": "A", "country": "US", "email": ["a@b.co"]}',
]
INVOICE_GARBAGE = [
    {"items": [1, "two", None]}, {"items": [{"name": "a", "unit_price": "1e999999"}]},
    {"items": [{"name": "a", "quantity": 1e308, "unit_price": 1e308}]},
    {"items": [{"name": "a", "quantity": "1e-99999", "unit_price": 1}]},
    {"items": [{"name": "a", "quantity": "NaN", "unit_price": "Infinity"}]},
    {"items": [{"name": {"x": 1}, "quantity": [1], "unit_price": {"y": 2}}]},
    {"tax_rate": "sixteen"}, {"tax_rate": True}, {"discount_type": ["percentage"], "discount_value": {}},
    {"discount_type": "percentage", "discount_value": Decimal("1e400")}, {"issue_date": 20250415},
    {"issue_date": "9999-12-31"}, {"issue_date": "0001-01-01"}, {"due_date": "2025-13-01"},
    {"currency": 840}, {"currency": "usdollar"}, {"notes": {"a": 1}}, {"customer_id": ["x"]},
    {"line_items": {"a": 1}}, {"items": [{"name": "a", "unit_price": 1}] * 1001},
    {"discount_type": "fixed", "discount_value": "99999999999999999999"},
]


@pytest.mark.parametrize("body", GARBAGE_BODIES)
def test_garbage_bodies_are_400(api, body):
    for path in ("/v1/customers", "/v1/invoices"):
        response = api.post(path, data=body.encode("utf-8", "surrogatepass") if "\\ud800" not in body else body,
                            headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (path, body[:60], response.get_data(as_text=True)[:300])
        error = response.get_json()["error"]
        assert set(error) == {"type", "code", "message", "param"} and error["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0


@pytest.mark.parametrize("fields", INVOICE_GARBAGE)
def test_invoice_garbage_is_400(api, make_customer, fields):
    customer = make_customer()
    response = api.post("/v1/invoices", json={"customer_id": customer.id, **fields})
    assert 400 <= response.status_code < 500, (fields, response.get_data(as_text=True)[:300])
    assert response.get_json()["error"]["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Invoice)) == 0


def test_garbage_in_actions_and_updates(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    assert api.post(f"/v1/invoices/{invoice.id}/send").status_code == 200
    for path in ("record_payment", "refund", "cancel", "send", ""):
        url = f"/v1/invoices/{invoice.id}/{path}".rstrip("/")
        for body in ([1], "x", {"amount": {"a": 1}}, {"amount": "1e99999999999"}, {"cancellation_reason": [1]},
                     {"paid_at": "yesterday", "amount": 1}, {"status": {"x": 1}}):
            response = api.post(url, json=body)
            assert 400 <= response.status_code < 500, (url, body, response.get_data(as_text=True)[:300])
    assert api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]["status"] == "sent"


def test_wrong_content_type_and_methods(api, client, actor):
    response = api.post("/v1/customers", data="name=A&country=US",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_content_type"
    response = client.put("/v1/customers", headers={"Authorization": f"Bearer {api.key}"})
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "resource_missing"


def test_strange_ids_and_query_values_are_not_500(api):
    for value in ("%00", "inv_%00", "x" * 5000, "%F0%9F%92%A9", "..%2F..", "' OR 1=1 --"):
        for path in (f"/v1/invoices/{value}", f"/v1/customers/{value}", f"/v1/invoices/{value}/send"):
            response = api.get(path) if not path.endswith("send") else api.post(path)
            assert response.status_code in (400, 404, 405), (path, response.status_code)
    for params in ({"starting_after": "\x00"}, {"customer_id": "\x00"}, {"status": "\x00"},
                   {"company_id": "\x00"}, {"limit": "9" * 5000}):
        response = api.get("/v1/invoices", **params)
        assert response.status_code in (400, 404), (params, response.status_code)


def test_error_shape_is_documented(api):
    body = api.post("/v1/customers", json={"name": "A", "country": "US", "extra": 1}).get_json()
    assert body == {"error": {"type": "invalid_request_error", "code": "invalid",
                              "message": "extra: Unknown field(s): 'extra'.", "param": "extra"}}
    assert json.loads(json.dumps(body))  # plain JSON


def test_oversized_bodies_are_413(api):
    big = '{"name": "A", "country": "US", "notes": "' + "x" * (5 * 1024 * 1024) + '"}'
    response = api.post("/v1/customers", data=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "payload_too_large"
    response = api.post("/v1/customers", data=big, headers={"Content-Type": "application/json",
                                                           "Idempotency-Key": "big"})
    assert response.status_code == 413
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0
