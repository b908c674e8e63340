"""Who reads what (DESIGN §17, issue 28): a sent invoice keeps the language it was sent in
while a draft of the same customer follows the customer's new one; a customer without a
language reads the company's document_language; the API's language fields (customers,
/v1/company, the OpenAPI) and its English errors; the dashboard's language (Accept-Language
until the user chooses in Settings → Profile, then the user's)."""
import pytest

from app.extensions import db
from app.i18n import LANGUAGES, document_language
from app.models import Customer, Invoice, User
from app.rendering import outbox
from app.services import accounts, transaction
from tests.i18n.helpers import WORDS, money, page_words, pdf_words, reading_customer, unbroken
from tests.support.api import send


def _set_language(api, customer_id: str, language):
    """The customer's language changed through the API (the write lands with issue 28's
    services; until then the column is written so the documents' behaviour is what is tested)."""
    response = api.post(f"/v1/customers/{customer_id}", json={"language": language})
    if response.status_code != 200:
        with transaction():
            db.session.query(Customer).filter_by(id=customer_id).one().language = language


def test_a_sent_invoice_keeps_its_language_when_the_customer_changes_theirs(api, actor, client, sent_to,
                                                                          make_invoice_for):
    sent = sent_to("en")
    invoice_id, token = sent.invoice["id"], sent.invoice["public_token"]
    pdf_before = api.get(f"/v1/invoices/{invoice_id}/pdf").data
    page_before = page_words(client.get(f"/i/{token}"))
    _set_language(api, sent.customer["id"], "de")
    db.session.expire_all()
    assert db.session.query(Invoice).filter_by(id=invoice_id).one().language == "en"
    assert api.get(f"/v1/invoices/{invoice_id}/pdf").data == pdf_before
    assert page_words(client.get(f"/i/{token}")) == page_before
    send(api, invoice_id)  # a later reminder: still English
    reminder = outbox.messages(company_id=actor.company.id, limit=1)[0]
    assert reminder.subject.startswith(f"Reminder: Invoice {sent.invoice['invoice_number']}"), reminder.subject
    # A draft of the same customer follows the new language (German words, de + GB: the
    # company's locale is not German, so the German of Germany writes the money).
    draft = make_invoice_for(sent.customer)
    text = pdf_words(api.get(f"/v1/invoices/{draft['id']}/pdf").data)
    assert unbroken(money("1234.50", "de", "GB")) in unbroken(text), text
    assert WORDS["de"]["invoice"] in text and "Rechnung" in text, text


def test_a_customer_without_a_language_reads_the_companys(api, german_seller, make_invoice_for):
    response = api.post("/v1/company", json={"document_language": "fr"})
    assert response.status_code == 200, response.get_json()
    customer = reading_customer(api, None, "BE")
    invoice = make_invoice_for(customer)
    db.session.expire_all()
    assert document_language(db.session.query(Invoice).filter_by(id=invoice["id"]).one()) == "fr"
    text = pdf_words(api.get(f"/v1/invoices/{invoice['id']}/pdf").data)
    assert unbroken(money("1234.50", "fr", "BE")) in unbroken(text), text
    assert "Facture" in text, text


def test_the_customers_api_reads_and_writes_the_language(api):
    created = api.post("/v1/customers", json={"name": "Kunde", "country": "DE", "language": "de"})
    assert created.status_code == 201, created.get_json()
    data = created.get_json()["data"]
    assert data["language"] == "de"
    assert api.get(f"/v1/customers/{data['id']}").get_json()["data"]["language"] == "de"
    changed = api.post(f"/v1/customers/{data['id']}", json={"language": "nl"})
    assert changed.status_code == 200 and changed.get_json()["data"]["language"] == "nl"
    cleared = api.post(f"/v1/customers/{data['id']}", json={"language": None})
    assert cleared.status_code == 200 and cleared.get_json()["data"]["language"] is None
    plain = api.post("/v1/customers", json={"name": "Client", "country": "FR"}).get_json()["data"]
    assert plain["language"] is None
    bad = api.post("/v1/customers", json={"name": "X", "country": "FR", "language": "pt"})
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "language"


def test_the_company_api_reads_and_writes_the_document_language(api):
    assert api.get("/v1/company").get_json()["data"]["document_language"] == "en"
    changed = api.post("/v1/company", json={"document_language": "it"})
    assert changed.status_code == 200 and changed.get_json()["data"]["document_language"] == "it"
    assert api.get("/v1/company").get_json()["data"]["document_language"] == "it"
    bad = api.post("/v1/company", json={"document_language": "pt"})
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "document_language"


def test_a_new_companys_document_language_comes_from_its_locale(make_account):
    assert make_account(company="Plain").company.document_language == "en"
    with transaction():
        _, german = accounts.register("owner@deutsch.example", "correct horse battery", "Deutsch GmbH",
                                      locale="de_DE")
        _, brazilian = accounts.register("owner@brasil.example", "correct horse battery", "Brasil Ltda",
                                         locale="pt_BR")
    assert (german.document_language, brazilian.document_language) == ("de", "en")
    # set later, the locale leaves the document language as the company chose it
    assert make_account(company="Later", locale="de_DE").company.document_language == "en"


def test_the_openapi_describes_the_language_fields(client):
    schemas = client.get("/v1/openapi.json").get_json()["components"]["schemas"]
    for name, field in (("Customer", "language"), ("CustomerCreate", "language"), ("CustomerUpdate", "language"),
                        ("Company", "document_language"), ("CompanyUpdate", "document_language")):
        assert field in schemas[name]["properties"], name
    assert set(schemas["Language"]["enum"]) == set(LANGUAGES)


def test_the_api_answers_in_english_whatever_the_language_asked(api):
    for headers in ({}, {"Accept-Language": "de"}, {"Accept-Language": "de-DE,de;q=0.9"}):
        bad = api.post("/v1/customers", json={"country": "DE"}, headers=headers)
        assert bad.status_code == 400
        missing = api.get("/v1/customers/cus_nothere", headers=headers)
        assert missing.status_code == 404
        answers = (bad.get_json()["error"]["message"], missing.get_json()["error"]["message"])
        if not headers:
            english = answers
        assert answers == english, headers
        assert all(message.isascii() for message in answers), answers


GERMAN = "de-DE,de;q=0.9"


def _html(client, path, accept):
    response = client.get(path, headers={"Accept-Language": accept})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("accept, language", [(GERMAN, "de"), ("fr-BE,fr;q=0.8,en;q=0.5", "fr"),
                                              ("ja,pt;q=0.5", "en"), ("", "en")])
def test_a_user_without_a_language_reads_the_browsers_pick(client, owner, accept, language):
    html = _html(client, "/invoices", accept)
    assert f'<html lang="{language}"' in html
    if language == "de":
        assert "Rechnungen" in html


def test_the_users_language_wins_over_the_browsers(client, owner):
    response = client.post("/settings/profile", data={"name": "Owner", "email": owner.user.email, "language": "de"})
    if response.status_code not in (200, 302):  # Settings → Profile lands with issue 28 today
        with transaction():
            db.session.query(User).filter_by(id=owner.user.id).one().language = "de"
    db.session.expire_all()
    assert db.session.query(User).filter_by(id=owner.user.id).one().language == "de"
    html = _html(client, "/invoices", "fr-FR,fr;q=0.9")
    assert '<html lang="de"' in html and "Rechnungen" in html
    assert 'name="language"' in _html(client, "/settings/profile", "en")
