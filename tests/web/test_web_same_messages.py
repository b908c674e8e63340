"""One rule, one message: the dashboard's forms check shape only and the services' rules
speak at both doors, so a field's error reads the same in the form and in the API."""
import pytest

from app.services import accounts, transaction
from tests.support.forms import editor_data
from tests.support.html import field_error, text_of


def api_error(client, actor, path, body):
    """The API's (param, message) for ``body``; the message may name its param first."""
    with transaction():
        _, raw = accounts.create_api_key(actor.user, "same messages")
    response = client.post(path, json=body, query_string={"company_id": actor.company.id},
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    return error["param"], error["message"]


@pytest.mark.parametrize("field, value", [("name", "N" * 201), ("city", "C" * 121), ("contact_email", "not-an-email")])
def test_customer_rule_messages_match(client, owner, field, value):
    form = {"name": "Initech", "country": "US", "currency": "USD", field: value}
    html = text_of(client.post("/customers/new", data=form))
    param, message = api_error(client, owner, "/v1/customers", {"name": "Initech", "country": "US", field: value})
    assert param == field and message.endswith(field_error(html, field))


@pytest.mark.parametrize("row, param, message", [
    ({"quantity": "0"}, "quantity", "Must be greater than 0."),
    ({"unit_price": "1.23456"}, "unit_price", "Must have at most 4 decimal places."),
    ({"item_name": "I" * 201}, "item_name", "Must be at most 200 characters."),
])
def test_invoice_item_rule_messages_match(client, owner, make_customer, row, param, message):
    customer = make_customer()
    item = {"item_name": "Work", "quantity": "1", "unit_price": "10", **row}
    html = text_of(client.post("/invoices/new", data=editor_data(customer.id, item)))
    assert field_error(html, f"items-0-{param}") == message
    api_param, api_message = api_error(client, owner, "/v1/invoices", {"customer_id": customer.id, "items": [item]})
    assert api_param == f"items[0].{param}" and api_message.endswith(message)
