"""The language fields in the dashboard's forms (DESIGN §17): a customer's, the company's
document language, the user's own; a wrong value is a field error and changes nothing; the
form errors themselves are in the reader's language."""
from app.extensions import db
from app.models import Company, Customer, User
from tests.support.forms import company_data
from tests.support.html import field_error, text_of

CUSTOMER = {"name": "Kunde", "contact_email": "ap@kunde.example", "country": "DE", "currency": "EUR",
            "status": "active"}


def test_a_customer_form_sets_and_clears_the_language(client, owner):
    assert 'name="language"' in client.get("/customers/new").get_data(as_text=True)
    assert client.post("/customers/new", data={**CUSTOMER, "language": "de"}).status_code == 302
    customer = db.session.query(Customer).filter_by(name="Kunde").one()
    assert customer.language == "de"
    response = client.post(f"/customers/{customer.id}/edit", data={**CUSTOMER, "language": ""})
    assert response.status_code == 302, text_of(response)
    db.session.expire_all()
    assert db.session.get(Customer, customer.pk).language is None  # the company's from now on


def test_a_customer_form_refuses_a_language_not_among_the_six(client, owner):
    response = client.post("/customers/new", data={**CUSTOMER, "language": "pt"})
    assert response.status_code == 400
    assert field_error(text_of(response), "language").startswith("Must be one of: en, de, fr, es, it, nl")
    assert db.session.query(Customer).count() == 0


def test_the_company_settings_set_the_document_language(client, owner):
    response = client.post("/settings", data=company_data(document_language="nl"))
    assert response.status_code == 302, text_of(response)
    db.session.expire_all()
    assert db.session.get(Company, owner.company.pk).document_language == "nl"
    response = client.post("/settings", data=company_data(document_language="xx"))
    assert response.status_code == 400 and field_error(text_of(response), "document_language")
    db.session.expire_all()
    assert db.session.get(Company, owner.company.pk).document_language == "nl"


def test_the_profile_sets_the_dashboards_language_and_its_errors_speak_it(client, owner):
    assert client.post("/settings/profile", data={"language": "fr"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, owner.user.pk).language == "fr"
    response = client.post("/customers/new", data={**CUSTOMER, "name": ""})
    assert response.status_code == 400
    html = text_of(response)
    assert '<html lang="fr">' in html and "Nouveau client" in html
    assert field_error(html, "name") == "Ce champ est obligatoire."
    response = client.post("/settings/profile", data={"language": "klingon"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, owner.user.pk).language == "fr"
    assert client.post("/settings/profile", data={"language": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, owner.user.pk).language is None  # the browser's pick again


def test_a_german_dashboard_names_countries_and_statuses_in_german(client, owner):
    assert client.post("/settings/profile", data={"language": "de"}).status_code == 302
    form = client.get("/customers/new").get_data(as_text=True)
    assert ">Deutschland</option>" in form and ">Ägypten</option>" in form
    assert form.index(">Ägypten<") < form.index(">Albanien<")  # sorted as German sorts, umlauts with their letter
    listing = client.get("/invoices").get_data(as_text=True)
    assert ">Teilweise bezahlt</option>" in listing and ">Storniert</option>" in listing
    assert client.post("/settings/profile", data={"language": "en"}).status_code == 302
    assert ">Germany</option>" in client.get("/customers/new").get_data(as_text=True)
