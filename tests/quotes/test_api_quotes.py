"""/v1/quotes: every operation, the refusals (409 with the error object), conversion once,
and the invoice's link back to its quote."""
from decimal import Decimal

from app.quotes import lifecycle as quote_lifecycle
from app.rendering import outbox
from app.services import transaction
from tests.support.api import act, create_quote
from tests.support.data import SEED_ITEMS


def test_create_retrieve_update_and_list(api, make_customer):
    customer = make_customer()
    data = create_quote(api, customer)
    assert data["number"] == "QT-2025-000001" and data["status"] == "draft"
    assert (data["total"], data["expiry_date"], data["invoice_id"]) == (Decimal("8769.6"), "2025-05-15", None)
    assert data["customer"]["id"] == customer.id and len(data["items"]) == 2 and data["terms"] == "Half on acceptance."
    assert api.get(f"/v1/quotes/{data['id']}").get_json()["data"] == data
    response = api.post(f"/v1/quotes/{data['id']}", json={"line_items": [{"item_name": "Audit", "unit_price": 99.99}],
                                                           "tax_rate": 0, "discount_type": None, "discount_value": 0})
    assert response.status_code == 200 and '"total":99.99' in response.get_data(as_text=True)
    second = create_quote(api, customer)
    listed = api.get("/v1/quotes", limit=1).get_json()
    assert [q["id"] for q in listed["data"]] == [second["id"]] and listed["has_more"]
    following = api.get("/v1/quotes", limit=1, starting_after=second["id"]).get_json()
    assert [q["id"] for q in following["data"]] == [data["id"]] and not following["has_more"]
    assert api.get("/v1/quotes", status="sent").get_json()["data"] == []
    assert len(api.get("/v1/quotes", customer_id=customer.id).get_json()["data"]) == 2


def test_bad_input_is_a_400_naming_the_field(api, make_customer):
    customer = make_customer()
    response = api.post("/v1/quotes", json={"customer_id": customer.id, "expiry_date": "tomorrow"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "expiry_date"
    response = api.post("/v1/quotes", json={"customer_id": customer.id, "due_date": "2025-01-01"})
    assert response.status_code == 400 and "due_date" in response.get_json()["error"]["message"]
    assert api.get("/v1/quotes", status="overdue").status_code == 400
    quote = create_quote(api, customer)
    assert api.post(f"/v1/quotes/{quote['id']}/accept", json={"accepted_by": "  "}).status_code == 409  # still a draft


def test_send_view_accept_convert_then_a_second_convert_is_a_409(api, actor, make_customer, client):
    quote = create_quote(api, make_customer(), expiry_date="2099-01-01")
    sent = act(api, quote["id"], "send")["data"]
    assert sent["status"] == "sent" and sent["sent_at"]
    mail = outbox.read(outbox.messages(company_id=actor.company.id, limit=1)[0].filename)
    assert mail["Subject"] == f"Quote {quote['number']} from {actor.company.name}"
    assert f"/q/{quote['public_token']}" in mail.get_body(preferencelist=("plain",)).get_content()
    assert outbox.attached_pdf(mail).filename == f"{quote['number']}.pdf"
    error = act(api, quote["id"], "accept", {"accepted_by": ""}, status=400)["error"]
    assert error["param"] == "accepted_by"
    accepted = act(api, quote["id"], "accept", {"accepted_by": "Jane Client (by phone)"})["data"]
    assert accepted["status"] == "accepted" and accepted["accepted_by"] == "Jane Client (by phone)"
    error = act(api, quote["id"], "decline", {"reason": "x"}, status=409)["error"]
    assert error["code"] == "invalid_transition" and "accepted" in error["message"]
    invoice = act(api, quote["id"], "convert", status=201)["data"]
    assert invoice["status"] == "draft" and invoice["quote_id"] == quote["id"] and invoice["total"] == Decimal("8769.6")
    assert [item["item_name"] for item in invoice["items"]] == [item["name"] for item in SEED_ITEMS]
    assert (invoice["discount_type"], invoice["tax_rate"], invoice["customer_id"]) == (
        "percentage", Decimal("16"), quote["customer_id"])
    again = act(api, quote["id"], "convert", status=409)["error"]
    assert invoice["invoice_number"] in again["message"] and invoice["id"] in again["message"]
    stored = api.get(f"/v1/quotes/{quote['id']}").get_json()["data"]
    assert (stored["status"], stored["invoice_id"]) == ("invoiced", invoice["id"])
    assert api.get(f"/v1/invoices/{invoice['id']}").get_json()["data"]["quote_id"] == quote["id"]
    assert api.get("/v1/invoices", limit=1).get_json()["data"][0]["quote_id"] == quote["id"]
    assert api.post(f"/v1/invoices/{invoice['id']}/send").status_code == 200


def test_expired_quotes_convert_and_record_decisions(api, actor, make_customer):
    quote = create_quote(api, make_customer(), issue_date="2025-01-01", expiry_date="2025-01-31")
    act(api, quote["id"], "send")
    assert api.get(f"/v1/quotes/{quote['id']}").get_json()["data"]["status"] == "expired"
    assert [q["id"] for q in api.get("/v1/quotes", status="expired").get_json()["data"]] == [quote["id"]]
    declined = act(api, quote["id"], "decline", {"reason": "Too late for us"})["data"]
    assert declined["status"] == "declined" and declined["decline_reason"] == "Too late for us"
    other = create_quote(api, make_customer(name="Other"), issue_date="2025-01-01", expiry_date="2025-01-31")
    act(api, other["id"], "send")
    assert act(api, other["id"], "convert", status=201)["data"]["status"] == "draft"


def test_only_notes_and_terms_change_after_draft(api, make_customer):
    quote = create_quote(api, make_customer(), expiry_date="2099-01-01")
    act(api, quote["id"], "send")
    response = api.post(f"/v1/quotes/{quote['id']}", json={"currency": "EUR", "terms": "New"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "not_editable" and error["param"] == "currency"
    response = api.post(f"/v1/quotes/{quote['id']}", json={"notes": "Note", "terms": "New"})
    assert response.status_code == 200 and response.get_json()["data"]["terms"] == "New"


def test_cancel_delete_and_pdf(api, actor, make_customer, member, api_for):
    quote = create_quote(api, make_customer())
    response = api.get(f"/v1/quotes/{quote['id']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert act(api, quote["id"], "cancel")["data"]["status"] == "cancelled"
    assert act(api, quote["id"], "cancel", status=409)["error"]["code"] == "invalid_transition"
    assert api_for(member).delete(f"/v1/quotes/{quote['id']}").status_code == 403
    response = api.delete(f"/v1/quotes/{quote['id']}")
    assert response.get_json()["data"] == {"id": quote["id"], "deleted": True}
    assert api.get(f"/v1/quotes/{quote['id']}").status_code == 404


def test_a_converted_quote_cannot_be_deleted_or_cancelled(api, actor, make_customer):
    quote = create_quote(api, make_customer(), expiry_date="2099-01-01")
    act(api, quote["id"], "send")
    with transaction():
        quote_lifecycle.record_public_view(quote_lifecycle._locked(actor, quote["id"]))
    act(api, quote["id"], "convert", status=201)
    assert api.delete(f"/v1/quotes/{quote['id']}").status_code == 409
    assert act(api, quote["id"], "cancel", status=409)["error"]["message"].startswith("Cannot cancel a quote that is invoiced")
