"""The seed's create-invoice example through /v1: figures, shape and exact decimals."""
import re

from tests.support.data import SEED_ITEMS

SEED_RESPONSE_FIELDS = {
    "id", "invoice_number", "customer_id", "status", "issue_date", "due_date", "subtotal", "discount_type",
    "discount_value", "discount_amount", "subtotal_after_discount", "tax_rate", "tax_amount", "total",
    "amount_paid", "amount_due", "currency", "notes", "payment_terms", "public_token", "created_at",
    "customer", "items"}
EXTRA_FIELDS = {"amount_refunded", "tax_id", "sent_at", "viewed_at", "paid_at", "cancelled_at",
                "cancellation_reason", "updated_at", "payments", "refunds",
                # DESIGN §10: what an invoice must say about its taxes.
                "amounts_include_tax", "supply_date", "supply_period_start", "supply_period_end",
                "total_excluding_tax", "tax_breakdown", "recurring_invoice_id", "quote_id",
                "amount_credited", "credit_notes",  # DESIGN §11
                "bank_account_id", "payment_reference",  # DESIGN §15: how it is paid
                "online_payment", "amount_overpaid"}  # DESIGN §16: the Pay button, paid beyond the amount asked


def seed_body(customer_id):
    return {"customer_id": customer_id, "issue_date": "2025-04-15", "due_date": "2025-05-15", "currency": "USD",
            "notes": "Thank you for your business", "payment_terms": "Net 30", "tax_rate": 16,
            "discount_type": "percentage", "discount_value": 10, "items": [dict(i) for i in SEED_ITEMS]}


def test_seed_create_invoice_returns_the_seed_figures_and_shape(api, make_customer):
    customer = make_customer(name="John Doe", email="john@example.com")
    response = api.post("/v1/invoices", json=seed_body(customer.id))
    assert response.status_code == 201, response.get_json()
    assert set(response.get_json()) == {"data"}
    data = response.get_json()["data"]
    assert set(data) == SEED_RESPONSE_FIELDS | EXTRA_FIELDS
    text = response.get_data(as_text=True)
    for fragment in ('"subtotal":8400', '"discount_amount":840', '"subtotal_after_discount":7560',
                     '"tax_amount":1209.6', '"total":8769.6', '"amount_due":8769.6', '"amount_paid":0',
                     '"tax_rate":16', '"discount_value":10'):
        assert fragment in text
    assert re.fullmatch(r"inv_[a-z0-9]{12}", data["id"])
    assert re.fullmatch(r"INV-2025-\d{6}", data["invoice_number"]) and data["invoice_number"] == "INV-2025-000001"
    assert data["status"] == "draft" and data["currency"] == "USD"
    assert data["customer_id"] == customer.id
    assert data["customer"] == {"id": customer.id, "name": "John Doe", "contact_email": "john@example.com"}
    assert data["public_token"] and len(data["public_token"]) >= 43
    assert data["issue_date"] == "2025-04-15" and data["due_date"] == "2025-05-15"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", data["created_at"])
    assert data["payments"] == [] and data["refunds"] == [] and data["amount_refunded"] == 0
    assert data["credit_notes"] == [] and data["amount_credited"] == 0
    first, second = data["items"]
    assert first["item_name"] == "Web Development" and second["item_name"] == "UI/UX Design"
    assert (first["subtotal"], first["total"], first["sort_order"]) == (6000, 6000, 0)
    assert (second["subtotal"], second["total"], second["sort_order"]) == (2400, 2400, 1)
    assert set(first) == {"id", "item_name", "description", "quantity", "unit", "unit_price", "subtotal",
                          "total", "sort_order", "tax_rates"}
    assert re.fullmatch(r"di_[a-z0-9]{12}", first["id"])
    assert first["quantity"] == 40 and first["unit"] == "hour" and first["unit_price"] == 150


def test_line_items_spelling_and_exact_decimals(api, make_customer):
    customer = make_customer()
    response = api.post("/v1/invoices", data='{"customer_id": "%s", "line_items": ['
                        '{"item_name": "a", "quantity": 1, "unit_price": 0.1},'
                        '{"item_name": "b", "quantity": 1, "unit_price": 0.2}]}' % customer.id,
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.get_json()
    text = response.get_data(as_text=True)
    assert '"total":0.3,' in text and '"subtotal":0.3,' in text
    assert [item["item_name"] for item in response.get_json()["data"]["items"]] == ["a", "b"]
    assert "line_items" not in response.get_json()["data"]


def test_invoice_defaults_dates_and_currency(api, make_customer):
    customer = make_customer(currency="EUR")
    data = api.post("/v1/invoices", json={"customer_id": customer.id}).get_json()["data"]
    assert data["currency"] == "EUR" and data["items"] == [] and data["total"] == 0
    from datetime import date, timedelta
    issue = date.fromisoformat(data["issue_date"])
    assert date.fromisoformat(data["due_date"]) == issue + timedelta(days=30)
