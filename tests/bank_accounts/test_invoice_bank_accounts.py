"""An invoice's bank account and payment reference (DESIGN §15): ``bank_account_id`` on
create and update (an account of the company in the invoice's currency, else a 400 naming the
field), in the JSON with ``payment_reference`` (the number by default, an RF reference in that
format, fixed once sent), and the editor's account picker."""
from app.extensions import db
from app.models import Invoice
from app.services import transaction
from tests.support.api import send
from tests.support.forms import editor_data
from tests.support.html import field_error, selected, text_of

ITEMS = [{"name": "Work", "quantity": 1, "unit_price": "100"}]


def create(api, customer, **fields):
    return api.post("/v1/invoices", json={"customer_id": customer.id, "currency": "EUR", "due_date": "2099-01-01",
                                          "items": ITEMS, **fields})


def test_an_invoice_names_an_account_of_its_currency(api, actor, make_customer, make_bank_account, ibans):
    default = make_bank_account(actor, label="Default")
    chosen = make_bank_account(actor, label="Chosen", iban=ibans["fr"])
    customer = make_customer()
    plain = create(api, customer).get_json()["data"]
    assert plain["bank_account_id"] is None
    response = create(api, customer, bank_account_id=chosen.id)
    assert response.status_code == 201, response.get_json()
    invoice = response.get_json()["data"]
    assert invoice["bank_account_id"] == chosen.id
    path = f"/v1/invoices/{invoice['id']}"
    assert api.get(path).get_json()["data"]["bank_account_id"] == chosen.id
    listed = {entry["id"]: entry["bank_account_id"] for entry in api.get("/v1/invoices").get_json()["data"]}
    assert listed == {invoice["id"]: chosen.id, plain["id"]: None}
    back = api.post(path, json={"bank_account_id": None})
    assert back.status_code == 200 and back.get_json()["data"]["bank_account_id"] is None
    assert api.post(path, json={"bank_account_id": default.id}).get_json()["data"]["bank_account_id"] == default.id


def test_another_currency_or_an_unknown_account_is_a_400_and_nothing_changes(api, actor, make_customer,
                                                                             make_bank_account):
    euros = make_bank_account(actor)
    dollars = make_bank_account(actor, label="US", iban=None, account_number="12345678",
                                routing_number="011000015", currency="USD")
    customer = make_customer()
    count = db.session.query(Invoice).count()
    for value in (dollars.id, "ba_000000000000", "", 42):
        response = create(api, customer, bank_account_id=value)
        assert response.status_code == 400, (value, response.get_json())
        assert response.get_json()["error"]["param"] == "bank_account_id"
    assert "is in USD; this invoice is in EUR" in create(api, customer, bank_account_id=dollars.id).get_json()[
        "error"]["message"]
    assert db.session.query(Invoice).count() == count
    invoice = create(api, customer, bank_account_id=euros.id).get_json()["data"]
    refused = api.post(f"/v1/invoices/{invoice['id']}", json={"bank_account_id": dollars.id, "notes": "changed"})
    assert refused.status_code == 400 and refused.get_json()["error"]["param"] == "bank_account_id"
    again = api.get(f"/v1/invoices/{invoice['id']}").get_json()["data"]
    assert (again["bank_account_id"], again["notes"]) == (euros.id, None)
    moved = api.post(f"/v1/invoices/{invoice['id']}", json={"currency": "USD", "bank_account_id": dollars.id})
    assert moved.status_code == 200 and moved.get_json()["data"]["bank_account_id"] == dollars.id
    # a currency change without naming an account drops the one of the old currency
    dropped = api.post(f"/v1/invoices/{invoice['id']}", json={"currency": "EUR"}).get_json()["data"]
    assert dropped["bank_account_id"] is None


def test_the_account_is_fixed_once_sent(api, actor, make_customer, make_bank_account, ibans):
    first = make_bank_account(actor)
    second = make_bank_account(actor, label="Second", iban=ibans["fr"])
    invoice = create(api, make_customer(), bank_account_id=first.id).get_json()["data"]
    send(api, invoice["id"])
    refused = api.post(f"/v1/invoices/{invoice['id']}", json={"bank_account_id": second.id})
    assert refused.status_code == 409 and refused.get_json()["error"]["param"] == "bank_account_id"
    assert api.delete(f"/v1/bank_accounts/{first.id}").status_code == 200
    shown = api.get(f"/v1/invoices/{invoice['id']}").get_json()["data"]
    assert shown["bank_account_id"] == first.id  # the account it printed, though deleted since


def test_payment_reference_is_the_number_then_rf_and_fixed_when_sent(api, actor, make_customer):
    customer = make_customer()
    draft = create(api, customer).get_json()["data"]
    assert draft["payment_reference"] == draft["invoice_number"]
    sent = create(api, customer).get_json()["data"]
    send(api, sent["id"])
    with transaction():
        actor.company.payment_reference_format = "rf"  # what Settings → Payments saves
    rf = api.get(f"/v1/invoices/{draft['id']}").get_json()["data"]["payment_reference"]
    assert rf.startswith("RF") and rf.endswith("".join(ch for ch in draft["invoice_number"] if ch.isalnum()))
    listed = {entry["id"]: entry["payment_reference"] for entry in api.get("/v1/invoices").get_json()["data"]}
    assert listed == {draft["id"]: rf, sent["id"]: sent["invoice_number"]}  # the sent one keeps its reference
    assert api.get(f"/v1/invoices/{sent['id']}").get_json()["data"]["payment_reference"] == sent["invoice_number"]
    send(api, draft["id"])
    with transaction():
        actor.company.payment_reference_format = "number"
    assert api.get(f"/v1/invoices/{draft['id']}").get_json()["data"]["payment_reference"] == rf


def test_the_editor_offers_the_accounts_of_the_invoice_currency(client, owner, make_customer, make_bank_account,
                                                               make_invoice, ibans):
    euros = make_bank_account(owner, label="Euro account")
    dollars = make_bank_account(owner, label="Dollar account", iban=None, account_number="12345678",
                                routing_number="011000015", currency="USD")
    customer = make_customer(currency="EUR")
    html = text_of(client.get(f"/invoices/new?customer={customer.id}"))
    assert "Company default" in html and "Euro account (EUR, default)" in html and "Dollar account" not in html
    row = {"item_name": "Design", "quantity": "1", "unit_price": "10"}
    refused = client.post("/invoices/new", data=editor_data(customer.id, row, bank_account_id=dollars.id))
    assert refused.status_code == 400
    assert "is in USD" in field_error(text_of(refused), "bank_account_id")
    assert selected(text_of(refused), "bank_account_id") == dollars.id  # shown as posted, with why not
    saved = client.post("/invoices/new", data=editor_data(customer.id, row, bank_account_id=euros.id))
    assert saved.status_code == 302, text_of(saved)
    invoice = db.session.query(Invoice).one()
    assert invoice.bank_account_pk == euros.pk
    html = text_of(client.get(f"/invoices/{invoice.id}/edit"))
    assert selected(html, "bank_account_id") == euros.id
    fields = editor_data(customer.id, row, bank_account_id="", issue_date=invoice.issue_date.isoformat(),
                         due_date=invoice.due_date.isoformat())
    assert client.post(f"/invoices/{invoice.id}/edit", data=fields).status_code == 302
    db.session.refresh(invoice)
    assert invoice.bank_account_pk is None
