"""Control characters are refused by every text field of the API (a 400 naming the field, as
every other validation error), and a single-line field refuses line breaks and bidi overrides
too; what was stored before stays unchanged. A field that may span lines keeps its breaks."""
import pytest

from app.invoices import lifecycle
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.services import transaction
from tests.support.data import SEED_ITEMS

ITEM = {"name": "Work", "quantity": 1, "unit_price": "10"}


@pytest.fixture()
def objects(actor, make_customer, make_invoice):
    customer = make_customer()
    draft = make_invoice(customer=customer)
    sent = make_invoice(customer=customer)
    with transaction():
        lifecycle.send_invoice(actor, sent.id, deliver=lambda invoice, reminder: None)
        quote = quotes.create_quote(actor, {"customer_id": customer.id, "expiry_date": "2099-05-15",
                                            "items": [dict(item) for item in SEED_ITEMS]})
        quote_lifecycle.send_quote(actor, quote.id, lambda *args: None)
    return {"customer": customer.id, "draft": draft.id, "sent": sent.id, "quote": quote.id}


CASES = [  # (path, body, param): {customer}, {draft}, {sent}, {quote} are the objects' ids
    ("/v1/company", {"legal_name": "Coa\u000bGmbH"}, "legal_name"),
    ("/v1/company", {"name": "Acme\u202e"}, "name"),
    ("/v1/company", {"address_line1": "Main St\u0001"}, "address_line1"),
    ("/v1/company", {"reminder_steps": [{"days": 3, "subject": "Pay\u000bnow"}]}, "reminder_steps.0.subject"),
    ("/v1/company", {"reminder_steps": [{"days": 3, "subject": "Pay\u2028now"}]}, "reminder_steps.0.subject"),
    ("/v1/company", {"reminder_steps": [{"days": 3, "message": "Pay\u0007"}]}, "reminder_steps.0.message"),
    ("/v1/customers", {"name": "A\u2029B", "country": "US"}, "name"),
    ("/v1/customers", {"name": "A", "country": "US", "notes": "x\u0000"}, "notes"),
    ("/v1/customers", {"name": "A", "country": "US", "buyer_reference": "04011000\u000c1234"}, "buyer_reference"),
    ("/v1/customers", {"name": "A", "country": "US", "legal_address": "1 Main St\n\u001cSpringfield"},
     "legal_address"),
    ("/v1/customers/{customer}", {"legal_name": "Evil\u2066Corp"}, "legal_name"),
    ("/v1/invoices", {"customer_id": "{customer}", "items": [{**ITEM, "name": "Dev\u001dOps"}]}, "items[0].item_name"),
    ("/v1/invoices", {"customer_id": "{customer}", "items": [{**ITEM, "description": "Dev\u001fOps"}]},
     "items[0].description"),
    ("/v1/invoices", {"customer_id": "{customer}", "items": [{**ITEM, "unit": "h\u0085r"}]}, "items[0].unit"),
    ("/v1/invoices", {"customer_id": "{customer}", "items": [ITEM], "payment_terms": "Net\n30"}, "payment_terms"),
    ("/v1/invoices/{draft}", {"notes": "\ufffe"}, "notes"),
    ("/v1/invoices/{sent}", {"notes": "Paid by\u000c wire"}, "notes"),
    ("/v1/invoices/{sent}/record_payment", {"amount": "1", "notes": "\u007f"}, "notes"),
    ("/v1/invoices/{sent}/cancel", {"cancellation_reason": "\uffff"}, "cancellation_reason"),
    ("/v1/tax_rates", {"name": "VAT\u000b19", "percentage": "19"}, "name"),
    ("/v1/quotes/{quote}", {"terms": "Half\u0002"}, "terms"),
    ("/v1/quotes/{quote}/accept", {"accepted_by": "Jane\u2028Doe"}, "accepted_by"),
    ("/v1/quotes/{quote}/accept", {"accepted_by": "Jane\u202eDoe"}, "accepted_by"),
    ("/v1/quotes/{quote}/decline", {"reason": "No\u0003"}, "reason"),
    ("/v1/credit_notes", {"invoice_id": "{sent}", "amount": "1", "reason": "Fix\u0004"}, "reason"),
    ("/v1/credit_notes", {"invoice_id": "{sent}", "lines": [{"description": "A\nB", "unit_price": "1"}]},
     "lines[0].description"),
]


def fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids) if value.startswith("{") or "/{" in value else value
    if isinstance(value, list):
        return [fill(entry, ids) for entry in value]
    if isinstance(value, dict):
        return {key: fill(entry, ids) for key, entry in value.items()}
    return value


@pytest.mark.parametrize("path, body, param", CASES, ids=[f"{case[0]} {case[2]}" for case in CASES])
def test_control_characters_are_a_400_naming_the_field(api, objects, path, body, param):
    path = fill(path, objects)
    before = {name: api.get(f"/v1/{where}").get_json() for name, where in (
        ("company", "company"), ("invoice", f"invoices/{objects['sent']}"), ("quote", f"quotes/{objects['quote']}"),
        ("customers", "customers"), ("credit_notes", "credit_notes"))}
    response = api.post(path, json=fill(body, objects))
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error", error
    assert "control character" in error["message"] or "one line" in error["message"]
    after = {name: api.get(f"/v1/{where}").get_json() for name, where in (
        ("company", "company"), ("invoice", f"invoices/{objects['sent']}"), ("quote", f"quotes/{objects['quote']}"),
        ("customers", "customers"), ("credit_notes", "credit_notes"))}
    assert after == before


def test_multiline_fields_keep_their_line_breaks_and_tabs(api, objects):
    response = api.post(f"/v1/invoices/{objects['sent']}", json={"notes": "Line 1\r\nLine 2\n\tindented"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["data"]["notes"] == "Line 1\r\nLine 2\n\tindented"
    response = api.post("/v1/customers", json={"name": "Müller & Söhne, Inc.", "country": "DE",
                                               "notes": "a\u2028b \u202e"})
    assert response.status_code == 201 and response.get_json()["data"]["name"] == "Müller & Söhne, Inc."


def test_the_document_states_the_rule(api):
    schemas = api.get("/v1/openapi.json").get_json()["components"]["schemas"]
    name = schemas["CustomerCreate"]["properties"]["name"]
    notes = schemas["CustomerCreate"]["properties"]["notes"]
    assert "\\u000b" in str(name) and "\\u2028" in str(name) and "\\u202a" in str(name)
    assert "\\u000b" in str(notes) and "\\u2028" not in str(notes)
