"""The dashboard's forms and the client's quote page refuse control characters (and, in a
single-line field, line breaks and bidi overrides) beside the field, and change nothing."""
from app.models import Customer, Invoice, User
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.services import reminders, transaction
from tests.support.data import SEED_ITEMS
from tests.support.forms import company_data, editor_data
from tests.support.html import field_error, text_of


def test_a_reminder_subject_with_a_vertical_tab_is_refused_in_settings(client, owner):
    response = client.post("/settings/reminders", data={
        "reminders_enabled": "y", "steps-0-days": "7", "steps-0-subject": "Still\x0bunpaid",
        "steps-1-days": "14", "steps-1-message": "Please\x01 pay."})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "steps-0-subject") == "Must be one line."
    assert "control character U+0001" in field_error(html, "steps-1-message")
    assert reminders.settings_of(owner.company)["reminders_enabled"] is False


def test_company_settings_refuse_control_characters_beside_the_field(client, owner):
    response = client.post("/settings", data=company_data(legal_name="Coa\x0bGmbH", city="Par\u202eis"))
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "legal_name") == "Must be one line."
    assert "text-direction" in field_error(html, "city")
    assert owner.company.legal_name is None


def test_customer_and_invoice_forms_refuse_control_characters(client, owner, make_customer, db):
    response = client.post("/customers/new", data={"name": "Evil\u2028Corp", "country": "US", "currency": "USD",
                                                    "notes": "ok\x07"})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "name") == "Must be one line." and "U+0007" in field_error(html, "notes")
    assert db.session.query(Customer).filter(Customer.name.like("Evil%")).count() == 0
    customer = make_customer()
    response = client.post("/invoices/new", data=editor_data(customer.id, {"item_name": "Design", "unit_price": "10"},
                                                              payment_terms="Net\r\n30"))
    assert response.status_code == 400 and field_error(text_of(response), "payment_terms") == "Must be one line."
    response = client.post("/invoices/new", data=editor_data(
        customer.id, {"item_name": "Des\x1cign", "description": "Line 1\nLine\x0c 2", "unit_price": "10"}))
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "items-0-item_name") == "Must be one line."
    assert "U+000C" in field_error(html, "items-0-description")
    assert db.session.query(Invoice).count() == 0


def test_registration_refuses_a_name_with_control_characters(client, db):
    response = client.post("/register", data={"name": "Ann\x1b[31m", "email": "ann@example.com",
                                              "password": "correct horse battery", "company_name": "Ann\x00Co"})
    assert response.status_code == 400
    html = text_of(response)
    assert "U+001B" in field_error(html, "name") and "NUL" in field_error(html, "company_name")
    assert db.session.query(User).count() == 0


def test_the_clients_typed_name_and_reason_are_checked(client, actor, make_customer):
    with transaction():
        quote = quotes.create_quote(actor, {"customer_id": make_customer().id, "expiry_date": "2099-05-15",
                                            "items": [dict(item) for item in SEED_ITEMS]})
        quote_lifecycle.send_quote(actor, quote.id, lambda *args: None)
    response = client.post(f"/q/{quote.public_token}/accept", data={"accepted_by": "Jane\u202eeoD"})
    assert response.status_code == 400 and "text-direction" in field_error(text_of(response), "accepted_by")
    response = client.post(f"/q/{quote.public_token}/accept", data={"accepted_by": "Jane\nDoe"})
    assert response.status_code == 400 and field_error(text_of(response), "accepted_by") == "Must be one line."
    response = client.post(f"/q/{quote.public_token}/decline", data={"reason": "Too\x08 expensive"})
    assert response.status_code == 400 and "U+0008" in field_error(text_of(response), "reason")
    assert quote.status == "sent"
