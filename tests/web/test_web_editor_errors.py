"""The document editors answer every problem at its field in the first answer (issue 24,
item 22), and refuse more item rows than the limit with the API's words (item 10)."""
import pytest

from app.extensions import db
from app.models import Invoice, Quote, RecurringInvoice
from tests.support.forms import editor_data
from tests.support.html import field_error, text_of

BAD_ROWS = ({"item_name": "Count", "quantity": "abc", "unit_price": "10"},
            {"item_name": "Price", "quantity": "1", "unit_price": "12,34,5"})


def _assert_every_error_at_its_field(html: str, end_date: str, end_message: str) -> None:
    assert field_error(html, "customer_id") == "This field is required."
    assert field_error(html, "items-0-quantity") == "Must be a number."
    assert field_error(html, "items-1-unit_price") == "Must be a number."
    assert "at most 100" in field_error(html, "discount_value")
    assert field_error(html, end_date) == end_message


def test_invoice_editor_says_everything_at_once(client, owner):
    data = editor_data("", *BAD_ROWS, issue_date="2026-03-10", due_date="2026-03-01",
                       discount_type="percentage", discount_value="150")
    response = client.post("/invoices/new", data=data)
    assert response.status_code == 400
    _assert_every_error_at_its_field(text_of(response), "due_date", "The due date cannot be before the issue date.")
    assert db.session.query(Invoice).count() == 0


def test_quote_editor_says_everything_at_once(client, owner):
    data = editor_data("", *BAD_ROWS, issue_date="2026-03-10", discount_type="percentage", discount_value="150")
    data.pop("due_date")
    data.update({"expiry_date": "2026-03-01", "terms": ""})
    response = client.post("/quotes/new", data=data)
    assert response.status_code == 400
    _assert_every_error_at_its_field(text_of(response), "expiry_date",
                                     "The expiry date cannot be before the issue date.")
    assert db.session.query(Quote).count() == 0


def test_recurring_editor_says_everything_at_once(client, owner):
    data = {"customer_id": "", "interval": "", "interval_count": "1", "start_date": "2027-01-31", "count": "",
            "end_date": "2027-01-01", "due_days": "14", "tax_rate": "", "discount_type": "percentage",
            "discount_value": "150", "notes": "", "payment_terms": ""}
    for index, row in enumerate(BAD_ROWS):
        data.update({f"items-{index}-{key}": value for key, value in row.items()})
    response = client.post("/recurring/new", data=data)
    assert response.status_code == 400
    html = text_of(response)
    _assert_every_error_at_its_field(html, "end_date", "The end date cannot be before the start date.")
    assert field_error(html, "interval") == "This field is required."
    assert db.session.query(RecurringInvoice).count() == 0


def _rows(count: int) -> dict:
    data = {}
    for index in range(count):
        data.update({f"items-{index}-item_name": f"Row {index}", f"items-{index}-quantity": "1",
                     f"items-{index}-unit_price": "1"})
    return data


@pytest.mark.parametrize("address, noun, table", [("/invoices/new", "An invoice", Invoice),
                                                   ("/quotes/new", "A quote", Quote)])
def test_more_rows_than_the_limit_is_a_form_error_at_the_items(client, owner, make_customer, address, noun, table):
    customer = make_customer()
    fields = editor_data(customer.id, expiry_date="", terms="")
    response = client.post(address, data={**fields, **_rows(1001)})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "items") == f"{noun} has at most 1000 items."
    assert 'name="items-1000-item_name"' in html  # the row over the limit is shown, not dropped
    assert db.session.query(table).count() == 0
    response = client.post(address, data={**fields, **_rows(1000)})
    assert response.status_code == 302, field_error(text_of(response), "items")
    assert len(db.session.query(table).one().items) == 1000


def test_a_row_button_or_a_page_in_other_digits_is_no_server_error(client, owner, make_customer):
    data = editor_data(make_customer().id, {"item_name": "A", "unit_price": "1"}, row_action="remove-²")
    assert client.post("/invoices/new", data=data).status_code == 200  # an unknown button: the form again
    assert client.get("/invoices", query_string={"page": "²"}).status_code == 200
