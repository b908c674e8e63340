"""/v1/invoices: every operation and every refused transition through the API."""
from decimal import Decimal

from app.extensions import db
from app.invoices import lifecycle
from app.models import Invoice
from app.services import transaction
from tests.support.api import assert_refused, pay, send


def test_retrieve_and_update_a_draft(api, make_invoice, make_customer):
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    data = api.get(path).get_json()["data"]
    assert data["total"] == Decimal("8769.6") and data["status"] == "draft"
    other = make_customer(name="Other", email="other@example.com")
    response = api.post(path, json={"customer_id": other.id, "tax_rate": 0, "discount_type": None, "discount_value": 0,
                                    "line_items": [{"item_name": "Audit", "quantity": 2, "unit_price": 99.99}],
                                    "notes": "n", "payment_terms": "Net 7", "tax_id": "VAT"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()["data"]
    assert data["customer"]["id"] == other.id and data["tax_id"] == "VAT"
    assert '"total":199.98' in response.get_data(as_text=True)
    assert [item["item_name"] for item in data["items"]] == ["Audit"]


def test_full_life_cycle_send_pay_refund(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    data = send(api, invoice.id)
    assert data["status"] == "sent" and data["sent_at"]
    assert send(api, invoice.id)["status"] == "sent"  # a reminder
    response = api.post(f"/v1/invoices/{invoice.id}/record_payment",
                        json={"amount": 2000, "payment_method": "bank_transfer", "transaction_id": "TXN-12345"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()["data"]
    assert data["status"] == "partial" and data["amount_paid"] == 2000
    assert api.get(f"/v1/invoices/{invoice.id}").get_json()["data"] == data  # the response is the stored state
    assert '"amount_due":6769.6' in response.get_data(as_text=True)
    assert data["payments"][0]["transaction_id"] == "TXN-12345" and data["payments"][0]["amount"] == 2000
    data = pay(api, invoice.id, "6769.6").get_json()["data"]
    assert data["status"] == "paid" and data["amount_due"] == 0 and data["paid_at"]
    response = api.post(f"/v1/invoices/{invoice.id}/refund",
                        json={"amount": 1500, "reason": "Partial refund", "payment_method": "bank_transfer"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()["data"]
    assert data["status"] == "refunded" and data["amount_refunded"] == 1500
    assert data["refunds"][0]["reason"] == "Partial refund"
    data = api.post(f"/v1/invoices/{invoice.id}/refund").get_json()["data"]  # the rest by default
    assert '"amount_refunded":8769.6' in api.get(f"/v1/invoices/{invoice.id}").get_data(as_text=True)
    assert len(data["refunds"]) == 2


def test_cancel_with_reason_then_refused_actions(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    response = api.post(f"/v1/invoices/{invoice.id}/cancel", json={"cancellation_reason": "Duplicate invoice"})
    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["status"] == "cancelled" and data["cancellation_reason"] == "Duplicate invoice" and data["cancelled_at"]
    path = f"/v1/invoices/{invoice.id}"
    assert_refused(api.post(path + "/cancel"), 409, "cancelled")
    assert_refused(api.post(path + "/send"), 409, "cancelled")
    assert_refused(pay(api, invoice.id, 1), 409, "cancelled")
    assert_refused(api.post(path + "/refund"), 409, "cancelled")
    assert_refused(api.post(path, json={"tax_rate": 5}), 409, "cancelled")
    assert_refused(api.post(path, json={"status": "in_review"}), 409, "cancelled")
    # notes and payment terms can still change
    assert api.post(path, json={"notes": "kept"}).get_json()["data"]["notes"] == "kept"
    assert api.delete(path).status_code == 200


def test_draft_refusals(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    for response in (pay(api, invoice.id, 1), api.post(path + "/refund"), api.post(path, json={"status": "sent"})):
        error = assert_refused(response, 409, "draft")
        assert error["code"] in ("invalid_transition",)
    before = api.get(path).get_json()["data"]
    assert before["status"] == "draft" and before["payments"] == []


def test_sent_invoice_edit_refusal_names_fields(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    path = f"/v1/invoices/{invoice.id}"
    error = assert_refused(api.post(path, json={"tax_rate": 5, "items": []}), 409, "sent")
    assert error["code"] == "not_editable" and "items" in error["message"] and "tax_rate" in error["message"]
    assert api.get(path).get_json()["data"]["tax_rate"] == 16
    response = api.post(path, json={"status": "in_review"})
    assert response.get_json()["data"]["status"] == "in_review"
    assert_refused(api.post(path, json={"status": "paid"}), 409, "in_review")
    assert api.post(path, json={"status": "sent"}).get_json()["data"]["status"] == "sent"
    assert_refused(api.post(path, json={"status": "draft"}), 409, "sent")


def test_payment_amount_checks(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    for amount, param in ((0, "amount"), (-5, "amount"), (9000, "amount"), ("abc", "amount"),
                          (1.001, "amount"), (None, "amount")):
        response = pay(api, invoice.id, amount)
        assert response.status_code == 400 and response.get_json()["error"]["param"] == param, amount
    response = api.post(f"/v1/invoices/{invoice.id}/record_payment", json={"amount": 1, "tip": 2})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "tip"
    assert api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]["amount_paid"] == 0


def test_paid_invoice_cannot_be_deleted_and_deleted_is_gone(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    pay(api, invoice.id, "8769.6")
    error = assert_refused(api.delete(f"/v1/invoices/{invoice.id}"), 409, "paid")
    assert error["message"] == "Invoices with status paid cannot be deleted. You must cancel them first."
    assert error["code"] == "invalid_transition"
    assert_refused(pay(api, invoice.id, 1), 409, "paid")
    draft = make_invoice()
    response = api.delete(f"/v1/invoices/{draft.id}")
    assert response.get_json() == {"data": {"id": draft.id, "deleted": True}}
    assert api.get(f"/v1/invoices/{draft.id}").status_code == 404
    assert api.post(f"/v1/invoices/{draft.id}/send").status_code == 404
    ids = [row["id"] for row in api.get("/v1/invoices").get_json()["data"]]
    assert draft.id not in ids and invoice.id in ids


def test_a_sent_invoice_is_deleted_only_once_cancelled(api, make_invoice):
    """Issued invoices are kept (GoBD): DELETE answers 409 until the invoice is cancelled (its
    credit note corrects it); then it leaves the list, and its number is in the deleted record."""
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    send(api, invoice.id)
    for status in ("sent", "partial", "in_review"):
        if status == "partial":
            pay(api, invoice.id, "100")
        if status == "in_review":
            api.post(path, json={"status": "in_review"})
        error = assert_refused(api.delete(path), 409, status)
        assert error["code"] == "invalid_transition" and "cancel it first" in error["message"]
        assert api.get(path).get_json()["data"]["status"] == status
    assert db.session.get(Invoice, invoice.pk).deleted_at is None
    assert api.post(path + "/cancel", json={"cancellation_reason": "Wrong customer"}).status_code == 200
    assert api.delete(path).get_json() == {"data": {"id": invoice.id, "deleted": True}}
    assert api.get(path).status_code == 404
    assert invoice.id not in [row["id"] for row in api.get("/v1/invoices").get_json()["data"]]
    notes = api.get("/v1/credit_notes", invoice_id=invoice.id).get_json()["data"]
    assert [note["type"] for note in notes] == ["cancellation"]  # the correction stays in the books


def test_member_cannot_delete_invoices(api_for, member, make_invoice):
    invoice = make_invoice()
    response = api_for(member).delete(f"/v1/invoices/{invoice.id}")
    assert response.status_code == 403
    assert db.session.get(Invoice, invoice.pk).deleted_at is None


def test_viewed_and_overdue_statuses(api, make_invoice):
    invoice = make_invoice()  # due 2025-05-15: past
    send(api, invoice.id)
    data = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert data["status"] == "overdue"
    fresh = make_invoice(due_date="2099-01-01")
    send(api, fresh.id)
    with transaction():
        lifecycle.record_public_view(db.session.get(Invoice, fresh.pk))
    assert api.get(f"/v1/invoices/{fresh.id}").get_json()["data"]["status"] == "viewed"
    overdue = api.get("/v1/invoices", status="overdue").get_json()["data"]
    assert [row["id"] for row in overdue] == [invoice.id]
    assert [row["id"] for row in api.get("/v1/invoices", status="viewed").get_json()["data"]] == [fresh.id]
    assert api.get("/v1/invoices", status="sent").get_json()["data"] == []


def test_send_needs_a_customer_email(api, make_invoice, make_customer):
    customer = make_customer(email=None)
    invoice = make_invoice(customer=customer)
    response = api.post(f"/v1/invoices/{invoice.id}/send")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "customer_id"
    response = api.post(f"/v1/invoices/{invoice.id}/send", json={"force": True})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "force"


def test_invoice_validation(api, make_customer):
    customer = make_customer()
    cases = [
        ({}, "customer_id"), ({"customer_id": "cus_000000000000"}, "customer_id"),
        ({"customer_id": customer.id, "items": [{"name": "a", "unit_price": 1}], "line_items": []}, "items"),
        ({"customer_id": customer.id, "items": [{"name": "a", "item_name": "b", "unit_price": 1}]}, "items[0].item_name"),
        ({"customer_id": customer.id, "items": [{"name": "a", "unit_price": 1, "colour": 1}]}, "items[0].colour"),
        ({"customer_id": customer.id, "items": [{"name": "a", "quantity": 0, "unit_price": 1}]}, "items[0].quantity"),
        ({"customer_id": customer.id, "items": [{"name": "a", "unit_price": 1e13}]}, "items[0].unit_price"),
        ({"customer_id": customer.id, "tax_rate": 101}, "tax_rate"),
        ({"customer_id": customer.id, "discount_type": "fixed", "discount_value": 5}, "discount_value"),
        ({"customer_id": customer.id, "issue_date": "2025-02-30"}, "issue_date"),
        ({"customer_id": customer.id, "issue_date": "2025-05-01", "due_date": "2025-04-01"}, "due_date"),
        ({"customer_id": customer.id, "status": "paid"}, "status"),
        ({"customer_id": customer.id, "items": "many"}, "items"),
    ]
    for body, param in cases:
        response = api.post("/v1/invoices", json=body)
        assert response.status_code == 400, (body, response.get_json())
        assert response.get_json()["error"]["param"] == param, (body, response.get_json())
    assert db.session.scalar(db.select(db.func.count()).select_from(Invoice)) == 0


def test_refunded_invoice_refuses_every_action(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    send(api, invoice.id)
    assert pay(api, invoice.id, "8769.6").status_code == 200
    assert_refused(api.post(path, json={"status": "in_review"}), 409, "paid")
    assert api.post(path + "/refund").get_json()["data"]["status"] == "refunded"
    for response in (api.post(path + "/send"), pay(api, invoice.id, 1), api.post(path + "/cancel"),
                     api.post(path + "/refund"), api.post(path, json={"status": "in_review"}),
                     api.post(path, json={"due_date": "2099-02-01"})):
        assert_refused(response, 409, "refunded")
    data = api.get(path).get_json()["data"]
    assert data["status"] == "refunded" and len(data["refunds"]) == 1 and len(data["payments"]) == 1


def test_in_review_can_be_paid_and_partial_goes_back_to_partial(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    send(api, invoice.id)
    assert pay(api, invoice.id, 100).get_json()["data"]["status"] == "partial"
    assert api.post(path, json={"status": "in_review"}).get_json()["data"]["status"] == "in_review"
    assert api.post(path, json={"status": "sent"}).get_json()["data"]["status"] == "partial"


def test_a_payment_ends_the_review(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    path = f"/v1/invoices/{invoice.id}"
    send(api, invoice.id)
    assert api.post(path, json={"status": "in_review"}).get_json()["data"]["status"] == "in_review"
    assert pay(api, invoice.id, 100).get_json()["data"]["status"] == "partial"
    assert_refused(api.post(path, json={"status": "sent"}), 409, "partial")  # no review left to end
    assert api.post(path, json={"status": "in_review"}).get_json()["data"]["status"] == "in_review"
    assert pay(api, invoice.id, "8669.6").get_json()["data"]["status"] == "paid"


def test_a_payment_dated_in_the_future_is_refused(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    response = api.post(f"/v1/invoices/{invoice.id}/record_payment", json={"amount": 10, "paid_at": "2030-01-01"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == "paid_at" and "cannot be in the future" in error["message"]
    assert api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]["amount_paid"] == 0
