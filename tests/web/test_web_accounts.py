"""Register, log in and out, switch company, and CSRF on every dashboard form."""
import pytest

from app.models import Membership
from app.services import accounts, transaction
from tests.support.html import field_error, text_of


def test_register_then_overview(client, db):
    html = text_of(client.get("/register"))
    assert 'name="company_name"' in html
    response = client.post("/register", data={"name": "Ann", "email": "ann@example.com",
                                              "password": "correct horse battery", "company_name": "Ann Co"})
    assert response.status_code == 302
    html = text_of(client.get("/"))
    assert "Ann Co" in html and "Welcome to Corebill" in html and 'data-figure="outstanding">$0.00' in html


def test_register_asks_currency_country_timezone_and_locale(client, db):
    from app.models import Company
    html = text_of(client.get("/register", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}))
    # Defaults guessed from the visitor's language: Germany, EUR, German number format.
    for name, value in (("country", "DE"), ("currency", "EUR"), ("locale", "de_DE")):
        assert f'<option selected value="{value}">' in html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    response = client.post("/register", data={
        "name": "Jo", "email": "jo@example.com", "password": "correct horse battery", "company_name": "Jo GmbH",
        "country": "AT", "currency": "EUR", "timezone": "Europe/Vienna", "locale": "de_DE"})
    assert response.status_code == 302, text_of(response)
    company = db.session.query(Company).filter_by(name="Jo GmbH").one()
    assert (company.country, company.currency, company.timezone, company.locale) == ("AT", "EUR", "Europe/Vienna", "de_DE")
    assert "1.234,56\xa0€" not in text_of(client.get("/"))  # nothing yet, but the figures are in EUR
    assert "0,00\xa0€" in text_of(client.get("/"))


def test_register_without_a_language_guess_starts_as_usd_utc(client, db):
    from app.models import Company
    html = text_of(client.get("/register"))
    assert '<option selected value="UTC">' in html and '<option selected value="USD">' in html
    response = client.post("/register", data={"email": "u@example.com", "password": "correct horse battery",
                                              "company_name": "U Co"})
    assert response.status_code == 302
    company = db.session.query(Company).filter_by(name="U Co").one()
    assert (company.country, company.currency, company.timezone) == (None, "USD", "UTC")


def test_register_refuses_bad_settings_with_every_error(client, db):
    response = client.post("/register", data={
        "email": "not-an-email", "password": "short", "company_name": "X", "country": "ZZ", "currency": "EUX",
        "timezone": "Mars/Olympus", "locale": "en_US"})
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "country") == "'ZZ' is not an ISO 3166-1 alpha-2 country code."
    assert field_error(html, "currency") == "'EUX' is not an ISO 4217 currency code."
    assert "IANA" in field_error(html, "timezone")
    assert field_error(html, "password") == "Use at least 8 characters."  # the service's rule, not the form's
    assert "Not a valid email address" in field_error(html, "email")


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
    ("/settings/members/leave", {"company_id": "x"}),
    ("/companies/new", {"name": "X"}),
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
