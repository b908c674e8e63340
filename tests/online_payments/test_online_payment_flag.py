"""The invoice's ``online_payment`` flag (DESIGN §16: the client's page offers the Pay button
only when it is on; default on): set on create and update in the API and the dashboard editor,
changeable in any status since it only changes the client's page."""
from app.extensions import db
from app.invoices import lifecycle
from app.models import Invoice
from app.services import transaction
from tests.support.forms import editor_data
from tests.support.html import text_of

ROW = {"item_name": "Design", "quantity": "1", "unit_price": "100"}


def _checkbox(html: str) -> str:
    start = html.index('name="online_payment"')
    return html[html.rindex("<input", 0, start):html.index(">", start)]


def test_api_default_on_set_on_create_and_changed_after_sent(api, make_customer):
    customer = make_customer()
    body = {"customer_id": customer.id, "items": [{"name": "Design", "unit_price": 100}]}
    created = api.post("/v1/invoices", json=body).get_json()["data"]
    assert created["online_payment"] is True
    off = api.post("/v1/invoices", json={**body, "online_payment": False}).get_json()["data"]
    assert off["online_payment"] is False
    assert api.post(f"/v1/invoices/{off['id']}/send").status_code == 200
    response = api.post(f"/v1/invoices/{off['id']}", json={"online_payment": True})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["data"]["online_payment"] is True
    assert api.get(f"/v1/invoices/{off['id']}").get_json()["data"]["online_payment"] is True


def test_api_refuses_what_is_not_a_boolean(api, make_customer):
    customer = make_customer()
    for value in ("yes", 1, None):
        response = api.post("/v1/invoices", json={"customer_id": customer.id, "online_payment": value})
        assert response.status_code == 400, (value, response.get_json())
        assert response.get_json()["error"]["param"] == "online_payment"
    assert db.session.query(Invoice).count() == 0


def test_editor_checkbox_on_by_default_and_saved(client, owner, make_customer):
    customer = make_customer()
    html = text_of(client.get("/invoices/new"))
    assert "Offer online payment (Pay button on the client&#39;s page)" in html or \
        "Offer online payment (Pay button on the client's page)" in html
    assert "checked" in _checkbox(html)
    assert client.post("/invoices/new", data=editor_data(customer.id, ROW, online_payment="y")).status_code == 302
    assert client.post("/invoices/new", data=editor_data(customer.id, ROW)).status_code == 302  # unticked
    assert [invoice.online_payment for invoice in db.session.query(Invoice).order_by(Invoice.pk)] == [True, False]


def test_after_sent_the_notes_page_changes_it(client, owner, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    html = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert "whether online payment is offered" in html and "checked" in _checkbox(html)
    response = client.post(f"/invoices/{invoice.id}/edit", data={"notes": "Wire only", "payment_terms": ""})
    assert response.status_code == 302
    db.session.refresh(invoice)
    assert (invoice.online_payment, invoice.notes) == (False, "Wire only")
    client.post(f"/invoices/{invoice.id}/edit", data={"notes": "Wire only", "online_payment": "y"})
    db.session.refresh(invoice)
    assert invoice.online_payment is True and "checked" in _checkbox(text_of(client.get(f"/invoices/{invoice.id}/edit")))
