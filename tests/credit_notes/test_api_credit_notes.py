"""/v1/credit_notes (DESIGN §11): adjustments by amount and by lines, the credit notes that
refunds and cancellations issue, the list's filters and cursors, PDF and send, and the
invoice's amount_credited / amount_due / credit_notes."""
from decimal import Decimal

from app.services import transaction
from tests.support.api import assert_refused, issue, pay, send

D = Decimal


def sent(api, make_invoice, **fields):
    invoice = make_invoice(due_date="2099-01-01", **fields)
    send(api, invoice.id)
    return invoice


def test_adjustment_by_amount_splits_over_the_invoice_rate(api, make_invoice):
    invoice = sent(api, make_invoice)
    response = issue(api, invoice_id=invoice.id, amount=116, reason="Two hours billed twice", memo="Sorry")
    assert response.status_code == 201, response.get_json()
    note = response.get_json()["data"]
    assert note["number"] == "CN-" + note["issue_date"][:4] + "-000001" and note["id"].startswith("cn_")
    assert (note["type"], note["invoice_id"], note["refund_id"]) == ("adjustment", invoice.id, None)
    assert (note["subtotal"], note["tax_amount"], note["total"]) == (100, 16, 116)
    # The same shape as the invoice's tax_breakdown: amounts and percentages are numbers.
    assert note["tax_breakdown"] == [{"tax_rate_id": None, "name": None, "percentage": 16, "category": "S",
                                      "taxable_amount": 100, "tax_amount": 16}]
    assert note["lines"][0]["description"] == f"Adjustment of invoice {invoice.invoice_number}"
    assert (note["reason"], note["memo"]) == ("Two hours billed twice", "Sorry") and len(note["public_token"]) >= 43
    assert api.get(f"/v1/credit_notes/{note['id']}").get_json()["data"] == note
    data = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert (data["amount_credited"], data["amount_due"], data["status"]) == (116, D("8653.6"), "sent")
    assert data["credit_notes"] == [{"id": note["id"], "number": note["number"], "type": "adjustment", "total": 116}]


def test_adjustment_by_lines_on_per_item_rates(api, make_invoice, actor):
    from app.services import tax_rates
    with transaction():
        vat = tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": "19"})
    copy = {"id": vat.id, "name": "VAT", "percentage": "19", "category": "S", "exemption_reason": None}
    invoice = make_invoice(due_date="2099-01-01", tax_rate=None, discount_type=None, discount_value=None,
                           items=[{"name": "Work", "quantity": 1, "unit_price": 1000}])
    from app.extensions import db
    with transaction():
        invoice.items[0].tax_rates = [copy]
        from app.models import InvoiceItem
        from app.services import document_items
        document_items.apply_items(invoice, document_items.rows_of(invoice), InvoiceItem)
        invoice.amount_due = invoice.total
    db.session.expire_all()
    send(api, invoice.id)
    response = issue(api, invoice_id=invoice.id, lines=[{"description": "Returned part", "quantity": 2,
                                                          "unit_price": 50}])
    assert response.status_code == 201, response.get_json()
    note = response.get_json()["data"]
    assert (note["subtotal"], note["tax_amount"], note["total"]) == (100, 19, 119)
    assert note["lines"] == [{"description": "Returned part", "quantity": 2, "unit_price": 50, "subtotal": 100,
                              "tax_rates": [{"id": vat.id, "name": "VAT", "percentage": 19, "category": "S"}]}]
    assert note["tax_breakdown"][0]["tax_rate_id"] == vat.id
    bad = issue(api, invoice_id=invoice.id, lines=[{"description": "x", "unit_price": 1, "tax_rate_ids": ["txr_x"]}])
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "lines[0].tax_rate_ids"


def test_a_credit_note_never_exceeds_what_is_owed(api, make_invoice):
    invoice = sent(api, make_invoice)
    pay(api, invoice.id, "8000")
    too_much = issue(api, invoice_id=invoice.id, amount="769.61")
    assert too_much.status_code == 400
    error = too_much.get_json()["error"]
    assert error["param"] == "amount" and "769.6 USD" in error["message"]
    by_lines = issue(api, invoice_id=invoice.id, lines=[{"description": "All of it", "unit_price": 1000}])
    assert by_lines.status_code == 400 and by_lines.get_json()["error"]["param"] == "lines"
    assert api.get("/v1/credit_notes").get_json()["data"] == []
    assert issue(api, invoice_id=invoice.id, amount="769.6").status_code == 201
    data = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert (data["amount_due"], data["status"]) == (0, "paid")  # nothing left to pay: settled
    assert_refused(issue(api, invoice_id=invoice.id, amount=1), 409, "paid")


def test_refused_on_drafts_and_cancelled_invoices_and_bad_input(api, make_invoice):
    draft = make_invoice(due_date="2099-01-01")
    assert_refused(issue(api, invoice_id=draft.id, amount=1), 409, "draft")
    cancelled = sent(api, make_invoice)
    api.post(f"/v1/invoices/{cancelled.id}/cancel")
    assert_refused(issue(api, invoice_id=cancelled.id, amount=1), 409, "cancelled")
    invoice = sent(api, make_invoice)
    for body, param in (({"invoice_id": invoice.id}, "amount"),
                        ({"invoice_id": invoice.id, "amount": 1, "lines": [{"description": "x", "unit_price": 1}]},
                         "amount"),
                        ({"invoice_id": "inv_000000000000", "amount": 1}, "invoice_id"),
                        ({"invoice_id": invoice.id, "amount": "0.001"}, "amount"),
                        ({"invoice_id": invoice.id, "amount": 1, "colour": "red"}, "colour"),
                        ({"invoice_id": invoice.id, "lines": [{"description": "", "unit_price": 1}]},
                         "lines[0].description")):
        response = issue(api, **body)
        assert response.status_code == 400, (body, response.get_json())
        assert response.get_json()["error"]["param"] == param, response.get_json()
    # Only the cancellation issued one.
    assert [note["type"] for note in api.get("/v1/credit_notes").get_json()["data"]] == ["cancellation"]


def test_refund_and_cancellation_issue_credit_notes(api, make_invoice):
    invoice = sent(api, make_invoice)
    pay(api, invoice.id, "1000")
    data = api.post(f"/v1/invoices/{invoice.id}/refund", json={"amount": 400, "reason": "Broken"}).get_json()["data"]
    assert (data["amount_credited"], data["amount_due"], data["status"]) == (400, D("7769.6"), "partial")
    refund_note = api.get(f"/v1/credit_notes/{data['credit_notes'][0]['id']}").get_json()["data"]
    assert (refund_note["type"], refund_note["refund_id"], refund_note["total"]) == ("refund", data["refunds"][0]["id"],
                                                                                     400)
    assert refund_note["subtotal"] + refund_note["tax_amount"] == 400 and refund_note["reason"] == "Broken"
    data = api.post(f"/v1/invoices/{invoice.id}/cancel", json={"cancellation_reason": "Dup"}).get_json()["data"]
    assert (data["amount_credited"], data["amount_due"], data["status"]) == (D("8169.6"), 0, "cancelled")
    numbers = [note["number"][-6:] for note in data["credit_notes"]]
    assert numbers == ["000001", "000002"] and data["credit_notes"][1]["type"] == "cancellation"


def test_list_filters_and_cursors(api, make_invoice, make_customer):
    first = sent(api, make_invoice)
    other = sent(api, make_invoice, customer=make_customer(name="Other Ltd"))
    ids = [issue(api, invoice_id=invoice.id, amount=10).get_json()["data"]["id"]
           for invoice in (first, other, first)]
    listed = api.get("/v1/credit_notes", limit=2).get_json()
    assert [note["id"] for note in listed["data"]] == ids[:0:-1] and listed["has_more"]
    more = api.get("/v1/credit_notes", limit=2, starting_after=ids[1]).get_json()
    assert [note["id"] for note in more["data"]] == [ids[0]] and not more["has_more"]
    by_invoice = api.get("/v1/credit_notes", invoice_id=first.id).get_json()["data"]
    assert [note["id"] for note in by_invoice] == [ids[2], ids[0]]
    by_customer = api.get("/v1/credit_notes", customer_id=other.customer.id).get_json()["data"]
    assert [note["id"] for note in by_customer] == [ids[1]]
    assert api.get("/v1/credit_notes", invoice_id="inv_unknown00000").get_json()["data"] == []
    assert api.get("/v1/credit_notes", starting_after="cn_unknown000000").status_code == 400


def test_pdf_and_send(api, make_invoice, app):
    invoice = sent(api, make_invoice)
    note = issue(api, invoice_id=invoice.id, amount=116).get_json()["data"]
    response = api.get(f"/v1/credit_notes/{note['id']}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert note["number"] in response.headers["Content-Disposition"]
    sent_note = api.post(f"/v1/credit_notes/{note['id']}/send")
    assert sent_note.status_code == 200, sent_note.get_json()
    from app.rendering import outbox
    with app.app_context():
        subjects = [message.subject for message in outbox.messages(company_id=invoice.company.id)]
    assert any(note["number"] in subject for subject in subjects)
    assert api.get("/v1/credit_notes/cn_000000000000").status_code == 404
