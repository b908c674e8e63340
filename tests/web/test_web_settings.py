"""Settings, developers (API keys) and members pages through the test client."""
from app.models import ApiKey, Invitation, Membership
from app.services import accounts, transaction
from tests.support.forms import company_data
from tests.support.html import field_error, flashes, input_value, text_of


def test_admin_updates_company_settings(client, owner, db):
    response = client.post("/settings", data=company_data())
    assert response.status_code == 302
    db.session.refresh(owner.company)
    company = owner.company
    assert (company.invoice_prefix, company.currency, company.timezone, company.locale) == ("AC", "EUR", "Europe/Paris", "fr_FR")
    assert (company.address_line1, company.postal_code, company.city) == ("1 rue de la Paix", "75002", "Paris")
    assert company.vat_id == "FR40303265045"  # checked against France's format, stored compact
    html = text_of(client.get("/"))
    assert "0,00\xa0€" in html  # amounts now in the company's locale and currency


def test_settings_errors_beside_fields(client, owner, db):
    response = client.post("/settings", data=company_data(name="", invoice_prefix="A B", timezone="Mars/Base",
                                                          locale="xx_YY", currency="EUR"))
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "name") == "This field is required."
    assert field_error(html, "invoice_prefix") == "Use letters, digits, '-' or '_' only."
    assert "IANA" in field_error(html, "timezone") and "known locale" in field_error(html, "locale")
    assert input_value(html, "invoice_prefix") == "A B"
    db.session.refresh(owner.company)
    assert owner.company.name == "Acme Studio" and owner.company.currency == "USD"


def test_member_sees_settings_read_only(client, actor, member_of, login, db):
    member = member_of(actor.company)
    login(member.user.email)
    html = text_of(client.get("/settings"))
    assert "Only an admin can change these settings." in html and "<fieldset disabled>" in html
    html = text_of(client.post("/settings", data=company_data(name="Taken over"), follow_redirects=True))
    assert any("only an admin" in m for m in flashes(html))
    db.session.refresh(actor.company)
    assert actor.company.name == "Acme Studio"


def test_api_key_shown_once_and_revoked(client, owner, db):
    response = client.post("/settings/developers", data={"name": "Accounting sync"})
    html = text_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    raw = input_value(html, "") if False else html.split('id="new-key" type="text" readonly value="', 1)[1].split('"', 1)[0]
    assert raw.startswith("sk_live_") and accounts.find_api_key(raw) is not None
    again = text_of(client.get("/settings/developers"))
    assert raw not in again and "Accounting sync" in again and raw[:12] in again
    key = db.session.query(ApiKey).one()
    response = client.post(f"/settings/developers/{key.id}/revoke", follow_redirects=True)
    assert any("revoked" in m for m in flashes(text_of(response)))
    assert accounts.find_api_key(raw) is None
    assert "Revoke" not in text_of(client.get("/settings/developers")).split("Create a key")[0].split("<tbody>")[1]


def test_cannot_revoke_someone_elses_key(client, owner, make_account, db):
    other = make_account(email="dev@example.com", company="Dev Co")
    with transaction():
        key, raw = accounts.create_api_key(other.user, "theirs")
    html = text_of(client.post(f"/settings/developers/{key.id}/revoke", follow_redirects=True))
    assert "No such API key. Nothing was changed." in flashes(html)
    assert accounts.find_api_key(raw) is not None and "theirs" not in html


def test_add_member_errors(client, owner):
    response = client.post("/settings/members", data={"email": "nobody@", "role": "member"})
    assert response.status_code == 400
    assert field_error(text_of(response), "email").startswith("Not a valid email address")
    response = client.post("/settings/members", data={"email": "nobody@example.com", "role": "owner"})
    assert field_error(text_of(response), "role") == "Must be one of: admin, member."
    assert "No open invitations." in text_of(response)


def test_member_cannot_add_members(client, actor, member_of, make_account, login, db):
    member = member_of(actor.company)
    outsider = make_account(email="outsider@example.com", company="Out Co")
    login(member.user.email)
    html = text_of(client.get("/settings/members"))
    assert "Only an admin can invite members." in html and 'name="email"' not in html
    client.post("/settings/members", data={"email": outsider.user.email, "role": "admin"})
    assert db.session.query(Membership).filter_by(user_pk=outsider.user.pk, company_pk=actor.company.pk).count() == 0
    assert db.session.query(Invitation).count() == 0


def test_outbox_empty_state(client, owner):
    assert "The outbox is empty." in text_of(client.get("/settings/outbox"))


def test_outbox_message_of_another_company_is_404(client, owner, make_account, make_invoice):
    from app.invoices import lifecycle
    from app.rendering import mail
    stranger = make_account(email="other@example.com", company="Other Co")
    theirs = make_invoice(who=stranger, due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(stranger, theirs.id, deliver=mail.deliver_invoice)
    filename = mail.outbox_messages(company_id=stranger.company.id)[0].filename
    assert client.get(f"/settings/outbox/{filename}").status_code == 404
    assert theirs.invoice_number not in text_of(client.get("/settings/outbox"))


def test_developers_page_shows_the_company_id_and_a_working_curl(client, owner, db):
    from html import unescape
    html = text_of(client.get("/settings/developers", base_url="http://billing.test:8123"))
    assert f'id="company-id" type="text" readonly value="{owner.company.id}"' in html
    assert 'data-copy-target="company-id"' in html and 'data-copy-target="curl-example"' in html
    example = unescape(html.split('id="curl-example"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    assert example == ('curl -H "Authorization: Bearer $COREBILL_API_KEY" \\\n'
                       f'  "http://localhost/v1/customers?company_id={owner.company.id}"')  # APP_BASE_URL of the tests
    # The example works: the same request with a real key answers with this company's customers.
    html = text_of(client.post("/settings/developers", data={"name": "Try"}))
    raw = html.split('id="new-key" type="text" readonly value="', 1)[1].split('"', 1)[0]
    example = unescape(html.split('id="curl-example"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    assert f"Bearer {raw}" in example
    path = example.split('"http://localhost', 1)[1].split('"', 1)[0]
    response = client.get(path, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.get_json()["data"] == []


def test_links_use_the_served_address_when_app_base_url_is_unset(app, client, owner, make_invoice, db):
    from app.invoices import lifecycle
    from app.links import base_url
    from app.rendering import mail
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    app.config["APP_BASE_URL"] = ""
    try:
        html = text_of(client.get(f"/invoices/{invoice.id}", base_url="http://billing.test:8123"))
        assert f'value="http://billing.test:8123/i/{invoice.public_token}"' in html
        with app.test_request_context("/", base_url="http://billing.test:8123"):  # the email sent from a page
            assert mail.public_url(invoice) == f"http://billing.test:8123/i/{invoice.public_token}"
        html = text_of(client.get("/settings/developers", base_url="http://billing.test:8123"))
        assert f'"http://billing.test:8123/v1/customers?company_id={owner.company.id}"' in html.replace("&#34;", '"')
        with app.app_context():  # no request (a command, a background job): the fallback
            assert base_url() == app.config["APP_BASE_URL_FALLBACK"] == "http://127.0.0.1:5000"
    finally:
        app.config["APP_BASE_URL"] = "http://localhost"


def test_fallback_base_url_follows_host_and_port(monkeypatch):
    from app.config import fallback_base_url
    monkeypatch.setenv("PORT", "8000")
    monkeypatch.setenv("HOST", "0.0.0.0")
    assert fallback_base_url() == "http://127.0.0.1:8000"
    monkeypatch.setenv("HOST", "billing.lan")
    assert fallback_base_url() == "http://billing.lan:8000"


def test_company_country_in_settings(client, owner, db):
    response = client.post("/settings", data=company_data(country="FR"))
    assert response.status_code == 302
    db.session.refresh(owner.company)
    assert owner.company.country == "FR"
    response = client.post("/settings", data=company_data(country="XX"))
    assert field_error(text_of(response), "country") == "'XX' is not an ISO 3166-1 alpha-2 country code."
