"""The bank account tests' factories: an account of a company (an IBAN in EUR unless told)."""
import pytest

from app.services import bank_accounts, transaction

IBAN_DE = "DE89370400440532013000"
IBAN_DE_TYPO = "DE89370400440532013001"
IBAN_FR = "FR1420041010050500013M02606"
US_ROUTING = "011000015"


@pytest.fixture()
def make_bank_account(db):
    """``make_bank_account(actor, **fields)``: a new account of the actor's company, committed."""
    def make(actor, **fields):
        data = {"label": "Business EUR", "iban": IBAN_DE, "currency": "EUR", **fields}
        with transaction():
            return bank_accounts.create_bank_account(actor, data)
    return make


@pytest.fixture()
def ibans():
    return {"de": IBAN_DE, "de_typo": IBAN_DE_TYPO, "fr": IBAN_FR, "us_routing": US_ROUTING}
