"""Register, log in and out, switch company, and CSRF on every dashboard form."""
import pytest

from app.services import accounts, transaction
from app.models import Membership
from tests.web.dashboard_helpers import field_error, flashes, owner, text_of  # noqa: F401


def test_register_then_overview(client, db):
    html = text_of(client.get("/register"))
    assert 'name="company_name"' in html
    response = client.post("/register", data={"name": "Ann", "email": "ann@example.com",
                                              "password": "correct horse battery", "company_name": "Ann Co"})
    assert response.status_code == 302
    html = text_of(client.get("/"))
    assert "Ann Co" in html and "Welcome to Corebill" in html and 'data-figure="outstanding">$0.00' in html


def test_register_errors_beside_fields(client, db, make_account):
    make_account(email="taken@example.com")
    response = client.post("/register", data={"email": "taken@example.com", "password": "short",
                                              "company_name": ""})
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "password") and field_error(html, "company_name")


def test_login_logout(client, actor):
    response = client.post("/login", data={"email": actor.user.email, "password": "wrong password!"})
    assert response.status_code == 400
    assert field_error(text_of(response), "password") == "Email or password is not right."
    client.post("/login", data={"email": actor.user.email, "password": "correct horse battery"})
    assert client.get("/invoices").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/invoices").status_code == 302


def test_switch_company(client, owner, make_account, db):
    with transaction():
        second = accounts.create_company(owner.user, {"name": "Second Venture"})
    html = text_of(client.get("/"))
    assert 'id="company-switch"' in html and "Second Venture" in html
    client.post("/switch-company", data={"company_id": second.id})
    assert "Second Venture · amounts in USD" in text_of(client.get("/"))
    stranger = make_account(email="s@example.com", company="Stranger Co")
    assert client.post("/switch-company", data={"company_id": stranger.company.id}).status_code == 404


FORMS = [
    ("/customers/new", {"name": "X", "country": "US"}),
    ("/invoices/new", {"customer_id": "x"}),
    ("/invoices/preview", {"items-0-item_name": "x"}),
    ("/settings", {"name": "X"}),
    ("/settings/members", {"email": "x@example.com", "role": "member"}),
    ("/settings/developers", {"name": "k"}),
    ("/logout", {}),
    ("/switch-company", {"company_id": "x"}),
]


@pytest.fixture()
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("path,data", FORMS)
def test_forms_refuse_a_post_without_csrf_token(client, owner, make_customer, csrf_on, path, data, db):
    customers_before = db.session.query(Membership).count()
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "CSRF" in text_of(response)
    assert db.session.query(Membership).count() == customers_before


def test_invoice_actions_refuse_a_post_without_csrf_token(client, owner, make_invoice, csrf_on, db):
    invoice = make_invoice(due_date="2099-01-01")
    for action in ("send", "payment", "cancel", "refund", "delete"):
        assert client.post(f"/invoices/{invoice.id}/{action}", data={"amount": "1"}).status_code == 400
    db.session.refresh(invoice)
    assert invoice.status == "draft" and invoice.deleted_at is None


def test_a_post_with_the_token_is_accepted(client, owner, csrf_on, db):
    html = text_of(client.get("/customers/new"))
    token = html.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post("/customers/new", data={"csrf_token": token, "name": "Tokened", "country": "US",
                                                   "currency": "USD"})
    assert response.status_code == 302
