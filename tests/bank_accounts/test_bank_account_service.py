"""The bank account service (DESIGN §15): the codes it checks, the one shape an account has,
its holder, one default per currency, who may write, and what deleting an account does to
the company's invoices."""
import pytest

from app.extensions import db
from app.invoices import lifecycle
from app.models import BankAccount
from app.services import bank_accounts, payment_details, transaction
from app.services.errors import Forbidden, NotFound, ValidationError


def refused(actor, data, field):
    with pytest.raises(ValidationError) as raised:
        with transaction():
            bank_accounts.create_bank_account(actor, data)
    assert field in raised.value.errors, raised.value.errors
    return raised.value.errors[field]


def test_an_iban_is_stored_compact_upper_case_with_its_bic(actor, ibans):
    with transaction():
        account = bank_accounts.create_bank_account(actor, {
            "label": "Main", "iban": "de89 3704 0044 0532 0130 00", "bic": "deutdeff", "currency": "eur"})
    assert (account.iban, account.bic, account.currency) == (ibans["de"], "DEUTDEFF", "EUR")
    assert account.id.startswith("ba_") and account.company_pk == actor.company.pk
    assert (account.account_number, account.routing_number, account.sort_code) == (None, None, None)


def test_a_wrong_iban_or_bic_is_a_field_error(actor, ibans):
    assert "check digits" in refused(actor, {"label": "x", "iban": ibans["de_typo"], "currency": "EUR"}, "iban")
    assert refused(actor, {"label": "x", "iban": "XX00123", "currency": "EUR"}, "iban").startswith("Not a valid IBAN")
    assert refused(actor, {"label": "x", "iban": "DE8937040044053201300", "currency": "EUR"}, "iban")  # one short
    assert refused(actor, {"label": "x", "iban": ibans["de"], "bic": "DEUTXXFF", "currency": "EUR"}, "bic")
    assert refused(actor, {"label": "x", "iban": ibans["de"], "bic": "DEUT", "currency": "EUR"}, "bic")
    assert db.session.query(BankAccount).count() == 0


def test_a_us_account_has_a_routing_number_whose_check_digit_matches(actor):
    with transaction():
        account = bank_accounts.create_bank_account(actor, {
            "label": "US", "account_number": "1234 5678 90", "routing_number": "011000015", "currency": "USD"})
    assert (account.account_number, account.routing_number, account.iban) == ("1234567890", "011000015", None)
    assert "check digit" in refused(actor, {"label": "US", "account_number": "1234567890",
                                            "routing_number": "011000016", "currency": "USD"}, "routing_number")
    assert refused(actor, {"label": "US", "account_number": "12AB", "routing_number": "011000015",
                           "currency": "USD"}, "account_number") == "Only digits (spaces and dashes between them are fine)."


def test_a_gb_account_has_a_six_digit_sort_code(actor):
    with transaction():
        account = bank_accounts.create_bank_account(actor, {
            "label": "UK", "account_number": "31926819", "sort_code": "60-16-13", "currency": "GBP"})
    assert (account.sort_code, account.account_number) == ("601613", "31926819")
    assert "six digits" in refused(actor, {"label": "UK", "account_number": "31926819", "sort_code": "60-16-1",
                                           "currency": "GBP"}, "sort_code")


@pytest.mark.parametrize("numbers, field", [
    ({}, "iban"),
    ({"iban": "DE89370400440532013000", "account_number": "31926819"}, "account_number"),
    ({"iban": "DE89370400440532013000", "sort_code": "601613"}, "sort_code"),
    ({"account_number": "31926819"}, "routing_number"),
    ({"sort_code": "601613"}, "account_number"),
    ({"account_number": "31926819", "sort_code": "601613", "routing_number": "011000015"}, "sort_code"),
    ({"account_number": "31926819", "sort_code": "601613", "bic": "DEUTDEFF"}, "bic"),
])
def test_exactly_one_shape(actor, numbers, field):
    refused(actor, {"label": "x", "currency": "EUR", **numbers}, field)


@pytest.mark.parametrize("data, field", [
    ({"iban": "DE89370400440532013000", "currency": "EUR"}, "label"),
    ({"label": "x", "iban": "DE89370400440532013000"}, "currency"),
    ({"label": "x", "iban": "DE89370400440532013000", "currency": "EURO"}, "currency"),
    ({"label": "Main\u202e", "iban": "DE89370400440532013000", "currency": "EUR"}, "label"),
    ({"label": "x", "account_holder": "Acme\nGmbH", "iban": "DE89370400440532013000", "currency": "EUR"},
     "account_holder"),
    ({"label": "x", "account_holder": "A" * 71, "iban": "DE89370400440532013000", "currency": "EUR"},
     "account_holder"),
    ({"label": "x", "iban": 12345, "currency": "EUR"}, "iban"),
    ({"label": "x", "iban": "DE89370400440532013000", "currency": "EUR", "is_default": "yes"}, "is_default"),
    ({"label": "x", "iban": "DE89370400440532013000", "currency": "EUR", "colour": "red"}, "colour"),
])
def test_texts_and_fields_are_checked(actor, data, field):
    refused(actor, data, field)


def test_the_holder_is_the_company_legal_name_else_its_name(make_account, make_bank_account):
    named = make_account(company="Acme Studio")
    assert make_bank_account(named).account_holder == "Acme Studio"
    legal = make_account(company="Acme", legal_name="Acme Studio GmbH")
    assert make_bank_account(legal).account_holder == "Acme Studio GmbH"
    assert make_bank_account(legal, account_holder="  Jane Doe ").account_holder == "Jane Doe"


def test_one_default_per_currency(actor, make_bank_account, ibans):
    first = make_bank_account(actor, label="First EUR")
    second = make_bank_account(actor, label="Second EUR", iban=ibans["fr"])
    dollars = make_bank_account(actor, label="US", iban=None, account_number="1234567890",
                                routing_number="011000015", currency="USD")
    assert (first.is_default, second.is_default, dollars.is_default) == (True, False, True)
    with transaction():
        bank_accounts.set_default(actor, second.id)
    assert (first.is_default, second.is_default, dollars.is_default) == (False, True, True)
    third = make_bank_account(actor, label="Third EUR", is_default=True)
    assert [a.is_default for a in (first, second, third)] == [False, False, True]
    with transaction():  # false hands the default to the oldest other account of the currency
        bank_accounts.update_bank_account(actor, third.id, {"is_default": False})
    assert [a.is_default for a in (first, second, third)] == [True, False, False]
    with transaction():  # an account that moves currency leaves its old one a default
        bank_accounts.update_bank_account(actor, first.id, {"currency": "USD"})
    assert (first.is_default, second.is_default, dollars.is_default) == (False, True, True)


def test_deleting_the_default_makes_the_oldest_remaining_the_default(actor, make_bank_account, ibans):
    first = make_bank_account(actor, label="First")
    second = make_bank_account(actor, label="Second", iban=ibans["fr"])
    third = make_bank_account(actor, label="Third")
    with transaction():
        bank_accounts.set_default(actor, third.id)
    with transaction():
        bank_accounts.delete_bank_account(actor, third.id)
    assert (first.is_default, second.is_default) == (True, False)
    with pytest.raises(NotFound):
        bank_accounts.get_bank_account(actor, third.id)


def test_update_switches_shape_only_when_the_old_numbers_are_cleared(actor, make_bank_account):
    account = make_bank_account(actor)
    with pytest.raises(ValidationError) as raised:
        bank_accounts.update_bank_account(actor, account.id, {"account_number": "31926819", "sort_code": "601613"})
    assert "account_number" in raised.value.errors
    db.session.rollback()
    with transaction():
        bank_accounts.update_bank_account(actor, account.id, {"iban": None, "account_number": "31926819",
                                                              "sort_code": "601613", "currency": "GBP"})
    assert (account.iban, account.sort_code, account.currency) == (None, "601613", "GBP")


def test_members_read_admins_write(actor, member, make_bank_account):
    account = make_bank_account(actor)
    assert bank_accounts.list_bank_accounts(member) == [account]
    for write in (lambda: bank_accounts.create_bank_account(member, {"label": "x", "currency": "EUR"}),
                  lambda: bank_accounts.update_bank_account(member, account.id, {"label": "y"}),
                  lambda: bank_accounts.delete_bank_account(member, account.id)):
        with pytest.raises(Forbidden):
            write()
    db.session.refresh(account)
    assert account.label == "Business EUR"


def test_another_company_s_account_is_missing(actor, make_account, make_bank_account):
    other = make_account(company="Other")
    account = make_bank_account(other)
    assert bank_accounts.list_bank_accounts(actor) == []
    for call in (lambda: bank_accounts.get_bank_account(actor, account.id),
                 lambda: bank_accounts.delete_bank_account(actor, account.id),
                 lambda: bank_accounts.update_bank_account(actor, account.id, {"label": "mine"})):
        with pytest.raises(NotFound):
            call()


def test_deleting_an_account_frees_drafts_and_sent_invoices_keep_their_copy(actor, make_bank_account, make_invoice,
                                                                         ibans):
    default = make_bank_account(actor, label="Default")
    chosen = make_bank_account(actor, label="Chosen", iban=ibans["fr"])
    draft = make_invoice(currency="EUR", bank_account_id=chosen.id)
    sent = make_invoice(currency="EUR", bank_account_id=chosen.id)
    with transaction():
        lifecycle.send_invoice(actor, sent.id, lambda *_: None)
    assert payment_details.account_of(draft)["iban"] == ibans["fr"]
    with transaction():
        bank_accounts.delete_bank_account(actor, chosen.id)
    db.session.refresh(draft)
    db.session.refresh(sent)
    assert draft.bank_account_pk is None and sent.bank_account_pk is None
    assert payment_details.account_of(draft)["id"] == default.id  # the draft now prints the default
    printed = payment_details.account_of(sent)
    assert (printed["id"], printed["iban"], printed["label"]) == (chosen.id, ibans["fr"], "Chosen")
    assert sent.bank_account_id == chosen.id
