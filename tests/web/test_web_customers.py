"""Customers pages through the test client: list, search, filter, pages, create, edit,
detail with invoices and balance, delete (admin only), other companies' ids."""
import re

from app.models import Customer
from app.services import customers, transaction
from tests.support.html import field_error, flashes, input_value, text_of


def test_empty_list_says_what_to_do(client, owner):
    html = text_of(client.get("/customers"))
    assert "No customers yet" in html and 'href="/customers/new"' in html


def test_create_customer_and_see_it(client, owner, db):
    response = client.post("/customers/new", data={
        "name": "Globex", "contact_email": "ap@globex.example", "country": "DE", "currency": "EUR",
        "status": "active", "city": "Berlin"})
    assert response.status_code == 302
    customer = db.session.query(Customer).filter_by(name="Globex").one()
    assert customer.company_pk == owner.company.pk and customer.currency == "EUR"
    html = text_of(client.get(response.location))
    assert "Globex" in html and "ap@globex.example" in html and "Customer Globex was added." in flashes(html)


def test_create_errors_sit_beside_fields_and_keep_input(client, owner, db):
    response = client.post("/customers/new", data={
        "name": "", "contact_email": "not-an-email", "country": "", "currency": "USD", "city": "Lyon"})
    assert response.status_code == 400
    html = text_of(response)
    assert field_error(html, "name") == "This field is required."
    assert field_error(html, "country") == "This field is required."
    assert "Not a valid email address" in field_error(html, "contact_email")  # every error at once
    response = client.post("/customers/new", data={
        "name": "Initech", "contact_email": "not-an-email", "country": "US", "currency": "USD", "city": "Lyon"})
    html = text_of(response)
    assert response.status_code == 400
    assert "Not a valid email address" in field_error(html, "contact_email")
    assert input_value(html, "city") == "Lyon" and input_value(html, "name") == "Initech"
    assert db.session.query(Customer).count() == 0


def test_unknown_country_is_refused_by_the_service(client, owner):
    response = client.post("/customers/new", data={"name": "X", "country": "ZZ", "currency": "USD"})
    assert response.status_code == 400
    assert "ISO 3166-1" in field_error(text_of(response), "country")


def test_search_filter_and_pages(client, owner, make_customer):
    for index in range(30):
        make_customer(name=f"Client {index:02d}", email=f"c{index}@example.com")
    make_customer(name="Zeta Sleeper", email="zz@dormant.example", status="inactive")
    html = text_of(client.get("/customers"))
    assert "Page 1 of 2" in html and "Client 00" in html and "Client 29" not in html
    html = text_of(client.get("/customers?page=2"))
    assert "Client 29" in html and "Client 00" not in html
    html = text_of(client.get("/customers?q=dormant"))
    assert "Zeta Sleeper" in html and "Client 01" not in html
    html = text_of(client.get("/customers?q=client%2007"))
    assert "Client 07" in html and "Client 08" not in html
    html = text_of(client.get("/customers?status=inactive"))
    assert "Zeta Sleeper" in html and "Client 01" not in html
    html = text_of(client.get("/customers?q=nobody-like-this"))
    assert "No customers match" in html
    assert client.get("/customers?page=abc").status_code == 200
    assert client.get("/customers?q=%25_").status_code == 200


def test_edit_customer(client, owner, make_customer, db):
    customer = make_customer(name="Old Name")
    page = client.get(f"/customers/{customer.id}/edit")
    assert input_value(text_of(page), "name") == "Old Name"
    response = client.post(f"/customers/{customer.id}/edit", data={
        "name": "New Name", "contact_email": "x@example.com", "country": "FR", "currency": "EUR",
        "status": "inactive"})
    assert response.status_code == 302
    db.session.refresh(customer)
    assert (customer.name, customer.country, customer.status) == ("New Name", "FR", "inactive")
    response = client.post(f"/customers/{customer.id}/edit", data={"name": "", "country": "FR", "currency": "EUR"})
    assert response.status_code == 400 and field_error(text_of(response), "name") == "This field is required."


def test_detail_lists_invoices_and_balance(client, owner, make_customer, make_invoice):
    customer = make_customer(name="Balance Co")
    make_invoice(customer=customer, due_date="2099-01-01")
    html = text_of(client.get(f"/customers/{customer.id}"))
    assert "INV-2025-000001" in html and "Balance due" in html
    assert "$0.00" in html  # a draft owes nothing yet
    empty = make_customer(name="Fresh Co")
    assert "No invoices for Fresh Co yet" in text_of(client.get(f"/customers/{empty.id}"))


def test_balance_counts_open_invoices(client, owner, make_customer, make_invoice):
    from app.invoices import lifecycle
    from app.rendering import mail
    customer = make_customer(name="Owing Co")
    invoice = make_invoice(customer=customer, due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    html = text_of(client.get(f"/customers/{customer.id}"))
    assert "$8,769.60" in html and mail is not None


def test_delete_asks_then_deletes(client, owner, make_customer, db):
    customer = make_customer(name="Gone Co")
    page = text_of(client.get(f"/customers/{customer.id}/delete"))
    assert "Delete Gone Co?" in page
    response = client.post(f"/customers/{customer.id}/delete")
    assert response.status_code == 302
    db.session.refresh(customer)
    assert customer.deleted_at is not None
    assert client.get(f"/customers/{customer.id}").status_code == 404


def test_members_do_not_see_delete_and_cannot_delete(client, actor, make_customer, member_of, login, db):
    customer = make_customer(name="Kept Co")
    member = member_of(actor.company)
    login(member.user.email)
    html = text_of(client.get(f"/customers/{customer.id}"))
    assert f"/customers/{customer.id}/delete" not in html and "Kept Co" in html
    response = client.post(f"/customers/{customer.id}/delete", follow_redirects=True)
    assert "Only an admin of this company may delete customers." in " ".join(flashes(text_of(response)))
    db.session.refresh(customer)
    assert customer.deleted_at is None


def test_another_companys_customer_is_404(client, owner, make_account, make_customer):
    stranger = make_account(email="other@example.com", company="Other Co")
    theirs = make_customer(who=stranger, name="Secret Co")
    for path in (f"/customers/{theirs.id}", f"/customers/{theirs.id}/edit", f"/customers/{theirs.id}/delete"):
        assert client.get(path).status_code == 404
    assert client.post(f"/customers/{theirs.id}/delete").status_code == 404
    assert client.post(f"/customers/{theirs.id}/edit", data={"name": "Hacked", "country": "US"}).status_code == 404
    assert "Secret Co" not in text_of(client.get("/customers"))
    assert customers.get_customer(stranger, theirs.id).name == "Secret Co"


def test_login_required(client, db):
    response = client.get("/customers")
    assert response.status_code == 302 and "/login" in response.location


def test_long_lists_stop_counting_at_the_cap(client, owner, make_customer, monkeypatch):
    from app.services import pagination
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    monkeypatch.setattr(pagination, "PER_PAGE", 2)
    for index in range(6):
        make_customer(name=f"Many {index}")
    html = text_of(client.get("/customers"))
    assert "Page 1 · more than 3 in all" in html and 'rel="next"' in html
    html = text_of(client.get("/customers?page=3"))
    assert "Many 5" in html and 'rel="next"' not in html and 'rel="prev"' in html


def test_the_list_shows_what_each_customer_owes(client, owner, make_customer, make_invoice, db):
    from app.invoices import lifecycle
    owing, euro = make_customer(name="Owing Co"), make_customer(name="Euro GmbH", currency="EUR")
    quiet = make_customer(name="Quiet Co")
    make_invoice(customer=quiet, due_date="2099-01-01")  # a draft owes nothing
    for customer, currency in ((owing, "USD"), (euro, "EUR"), (euro, "USD")):
        invoice = make_invoice(customer=customer, due_date="2099-01-01", currency=currency)
        with transaction():
            lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    html = text_of(client.get("/customers"))
    assert "Balance due</th>" in html
    rows = {name: row for name, row in re.findall(r'>([^<]+)</a></td>(.*?)</tr>', html, re.S)}
    assert "$8,769.60" in rows["Owing Co"]
    assert "€8,769.60" in rows["Euro GmbH"] and "$8,769.60" in rows["Euro GmbH"]
    assert "$0.00" in rows["Quiet Co"]
