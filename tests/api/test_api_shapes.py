"""The declared shapes: each limit is one constant that the column, the service and the OpenAPI
document read (the dashboard's forms check no limit of their own: the service's message
shows); a request that is not the declared JSON is refused with the
services' words (never pydantic's); the list filters' shape is checked."""
import html

import pytest

from app import limits
from app.api.openapi import spec
from app.models import Customer, InvoiceItem, Payment
from app.web.customer_forms import CustomerForm
from app.web.document_forms import ItemForm

SCHEMAS = spec()["components"]["schemas"]


def max_length(schema: dict) -> int:
    return next(option["maxLength"] for option in schema.get("anyOf", [schema]) if "maxLength" in option)


@pytest.mark.parametrize("column,form_field,schema,field,limit", [
    (Customer.__table__.c.name, CustomerForm.name, "CustomerCreate", "name", limits.CUSTOMER_NAME),
    (Customer.__table__.c.postal_code, CustomerForm.postal_code, "CustomerUpdate", "postal_code", limits.POSTAL_CODE),
    (Customer.__table__.c.postal_code, None, "CustomerUpdate", "zipcode", limits.POSTAL_CODE),
    (InvoiceItem.__table__.c.item_name, ItemForm.item_name, "InvoiceItemInput", "item_name", limits.ITEM_NAME),
    (InvoiceItem.__table__.c.unit, ItemForm.unit, "InvoiceItemInput", "unit", limits.ITEM_UNIT),
    (Payment.__table__.c.transaction_id, None, "PaymentInput", "transaction_id", limits.TRANSACTION_ID),
])
def test_one_limit_everywhere(column, form_field, schema, field, limit):
    assert column.type.length == limit
    assert max_length(SCHEMAS[schema]["properties"][field]) == limit
    if form_field is not None:  # no second copy of the limit in the form
        assert not form_field.kwargs.get("validators")


def test_too_long_reads_the_same_at_both_doors(api, client, actor, login):
    long_name = "N" * (limits.CUSTOMER_NAME + 1)
    error = api.post("/v1/customers", json={"name": long_name, "country": "US"}).get_json()["error"]
    assert error == {"type": "invalid_request_error", "code": "invalid", "param": "name",
                     "message": f"name: {limits.too_long(limits.CUSTOMER_NAME)}"}
    login(actor.user.email)
    page = client.post("/customers/new", data={"name": long_name, "country": "US", "currency": "USD"})
    assert page.status_code in (200, 400)
    assert limits.too_long(limits.CUSTOMER_NAME) in html.unescape(page.get_data(as_text=True))


@pytest.mark.parametrize("path,body,param,message", [
    ("/v1/customers", {"name": 5, "country": "US"}, "name", "Must be a string."),
    ("/v1/customers", {"country": "US"}, "name", "This field is required."),
    ("/v1/invoices", {"customer_id": "cus_x", "items": [{"name": "A", "unit_price": True}]},
     "items[0].unit_price", "Must be a number."),
    ("/v1/invoices", {"customer_id": "cus_x", "line_items": [{"name": "A"}]},
     "items[0].unit_price", "This field is required."),
    ("/v1/invoices", {"customer_id": "cus_x", "line_items": [7]}, "items[0]", "Expected an object."),
    ("/v1/invoices", {"customer_id": "cus_x", "items": [{"name": "A", "unit_price": 1, "sku": 1, "colour": 2}]},
     "items[0].colour", "Unknown field(s): 'items[0].colour', 'items[0].sku'."),
    ("/v1/invoices", {"customer_id": "cus_x", "issue_date": 20250101}, "issue_date",
     "Must be a date in the form YYYY-MM-DD."),
])
def test_shape_errors_use_the_services_words(api, path, body, param, message):
    response = api.post(path, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == {"type": "invalid_request_error", "code": "invalid", "param": param,
                                            "message": f"{param}: {message}"}


@pytest.mark.parametrize("params,param", [
    ({"due_before": "2025-02-30"}, "due_before"), ({"issued_from": "soon"}, "issued_from"),
    ({"limit": "0"}, "limit"), ({"status": "lost"}, "status"),
])
def test_list_filters_are_checked(api, params, param):
    response = api.get("/v1/invoices", **params)
    assert response.status_code == 400 and response.get_json()["error"]["param"] == param


def test_nullable_enums_admit_null_and_items_are_objects():
    invoice = SCHEMAS["Invoice"]["properties"]
    assert {"type": "null"} in invoice["discount_type"]["anyOf"]
    assert invoice["items"]["items"] == {"$ref": "#/components/schemas/InvoiceItem"}
    create = SCHEMAS["InvoiceCreate"]["properties"]
    assert {"type": "null"} in create["discount_type"]["anyOf"]
    assert create["items"]["anyOf"][0]["items"] == {"$ref": "#/components/schemas/InvoiceItemInput"}
    amount = SCHEMAS["PaymentInput"]["properties"]["amount"]
    assert amount["type"] == "number" and "multipleOf" not in amount and "minor-unit digits" in amount["description"]
