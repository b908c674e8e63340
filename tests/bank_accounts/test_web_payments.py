"""Settings → Payments through the test client: add, errors beside fields, edit, make default,
delete through its confirmation page, members read only, CSRF, another company's account is a
404, and the payment reference format."""
from app.extensions import db
from app.models import BankAccount
from tests.security.helpers import csrf_on
from tests.support.html import field_error, flashes, input_value, selected, text_of

ADD = {"label": "Business EUR", "currency": "EUR", "iban": "DE89 3704 0044 0532 0130 00", "bic": "DEUTDEFF",
       "account_holder": "", "account_number": "", "routing_number": "", "sort_code": ""}


def test_admin_adds_accounts_and_sees_them_listed(client, owner):
    page = text_of(client.get("/settings/payments"))
    assert 'aria-current="page">Payments</a>' in page and "No bank accounts yet" in page
    response = client.post("/settings/payments", data=ADD)
    assert response.status_code == 302, text_of(response)
    account = db.session.query(BankAccount).one()
    assert (account.iban, account.account_holder, account.is_default, account.company_pk) == (
        "DE89370400440532013000", owner.company.name, True, owner.company.pk)
    page = text_of(client.get("/settings/payments"))
    assert "Bank account “Business EUR” added." in " ".join(flashes(page))
    assert "DE89 3704 0044 0532 0130 00" in page and ">default</span>" in page
    us = {**ADD, "label": "US", "currency": "USD", "iban": "", "bic": "", "account_number": "12345678",
          "routing_number": "011000015"}
    gb = {**ADD, "label": "UK", "currency": "GBP", "iban": "", "bic": "", "account_number": "31926819",
          "sort_code": "60 16 13"}
    assert client.post("/settings/payments", data=us).status_code == 302
    assert client.post("/settings/payments", data=gb).status_code == 302
    page = text_of(client.get("/settings/payments"))
    assert "routing 011000015" in page and "sort code 60-16-13" in page


def test_errors_beside_fields_and_nothing_saved(client, owner):
    response = client.post("/settings/payments", data={**ADD, "label": "", "iban": "DE89370400440532013001"})
    html = text_of(response)
    assert response.status_code == 400
    assert field_error(html, "label") == "This field is required."
    assert "check digits" in field_error(html, "iban")
    assert input_value(html, "iban") == "DE89370400440532013001"
    us = {**ADD, "iban": "", "bic": "", "currency": "USD", "account_number": "12345678", "routing_number": "011000016"}
    html = text_of(client.post("/settings/payments", data=us))
    assert "check digit" in field_error(html, "routing_number")
    html = text_of(client.post("/settings/payments", data={**ADD, "iban": "", "bic": ""}))
    assert field_error(html, "iban").startswith("Give an IBAN")
    assert db.session.query(BankAccount).count() == 0


def test_edit_make_default_and_delete(client, owner, make_bank_account, ibans):
    first = make_bank_account(owner, label="First")
    second = make_bank_account(owner, label="Second", iban=ibans["fr"])
    html = text_of(client.get(f"/settings/payments/{second.id}"))
    assert input_value(html, "iban") == ibans["fr"] and selected(html, "currency") == "EUR"
    response = client.post(f"/settings/payments/{second.id}", data={"label": "Savings", "bic": "BNPAFRPP"})
    assert response.status_code == 302, text_of(response)
    db.session.refresh(second)
    assert (second.label, second.bic, second.iban) == ("Savings", "BNPAFRPP", ibans["fr"])
    bad = client.post(f"/settings/payments/{second.id}", data={"sort_code": "601613"})
    assert bad.status_code == 400 and field_error(text_of(bad), "sort_code")
    assert client.post(f"/settings/payments/{second.id}/default").status_code == 302
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.is_default, second.is_default) == (False, True)
    confirm = text_of(client.get(f"/settings/payments/{second.id}/delete"))
    assert "Delete the bank account Savings?" in confirm and "oldest other EUR account" in confirm
    assert client.post(f"/settings/payments/{second.id}/delete").status_code == 302
    db.session.refresh(first)
    assert db.session.query(BankAccount).all() == [first] and first.is_default is True


def test_members_see_accounts_without_controls(client, actor, member_of, login, make_bank_account):
    account = make_bank_account(actor)
    member = member_of(actor.company)
    login(member.user.email, "correct horse battery")
    page = text_of(client.get("/settings/payments"))
    assert "Business EUR" in page and "Only an admin can add or change bank accounts." in page
    assert f"/settings/payments/{account.id}/delete" not in page and "Add bank account" not in page
    for path, data in (("/settings/payments", ADD), (f"/settings/payments/{account.id}", {"label": "Mine"}),
                       (f"/settings/payments/{account.id}/default", {}), (f"/settings/payments/{account.id}/delete", {})):
        assert client.post(path, data=data).status_code == 302
    db.session.refresh(account)
    assert account.label == "Business EUR" and db.session.query(BankAccount).count() == 1


def test_another_companys_account_is_a_404(client, owner, make_account, make_bank_account):
    theirs = make_bank_account(make_account(company="Other"))
    for path in (f"/settings/payments/{theirs.id}", f"/settings/payments/{theirs.id}/delete"):
        assert client.get(path).status_code == 404
    for path in (f"/settings/payments/{theirs.id}", f"/settings/payments/{theirs.id}/default",
                 f"/settings/payments/{theirs.id}/delete"):
        assert client.post(path, data={"label": "Mine"}).status_code == 404
    db.session.refresh(theirs)
    assert theirs.label == "Business EUR"


def test_every_form_needs_its_csrf_token(app, client, owner, make_bank_account):
    account = make_bank_account(owner)
    with csrf_on(app):
        for path, data in (("/settings/payments", ADD), (f"/settings/payments/{account.id}", {"label": "Changed"}),
                           (f"/settings/payments/{account.id}/delete", {}),
                           ("/settings/payments/reference", {"payment_reference_format": "rf"})):
            response = client.post(path, data={**data, "csrf_token": "forged"})
            assert response.status_code in (200, 400), (path, response.status_code)
        client.post(f"/settings/payments/{account.id}/default", data={"csrf_token": "forged"})
    db.session.refresh(account)
    db.session.refresh(owner.company)
    assert (account.label, db.session.query(BankAccount).count()) == ("Business EUR", 1)
    assert owner.company.payment_reference_format == "number"


def test_the_payment_reference_format_is_saved_through_the_company_settings(client, owner):
    """Needs ``update_company`` to accept ``payment_reference_format`` (refusing be_ogm
    outside BE): the company settings take that key in their own change."""
    html = text_of(client.get("/settings/payments"))
    assert selected(html, "payment_reference_format") == "number"
    assert client.post("/settings/payments/reference", data={"payment_reference_format": "rf"}).status_code == 302
    db.session.refresh(owner.company)
    assert owner.company.payment_reference_format == "rf"
    refused = client.post("/settings/payments/reference", data={"payment_reference_format": "be_ogm"})
    assert refused.status_code == 400 and "Belgium" in field_error(text_of(refused), "payment_reference_format")
    db.session.refresh(owner.company)
    assert owner.company.payment_reference_format == "rf"
