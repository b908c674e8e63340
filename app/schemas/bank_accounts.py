"""Bank account shapes (DESIGN §15): create, update, the bank account object, and the list's
parameters. The shapes check only JSON types; the bank account service checks the codes."""
from __future__ import annotations

from app import limits
from app.schemas.common import CursorParams, Input, Output
from app.schemas.customers import Currency
from app.schemas.fields import Choice, Flag, PublicId, Text, Timestamp
from app.services.bank_accounts import typed_length

SHAPE = ("Give an IBAN (with an optional BIC), or an account_number with a US routing_number or "
         "a GB sort_code: exactly one of those.")


class BankAccountUpdate(Input):
    """The given fields change; null clears a number (switching an account from an IBAN to a
    routing number clears the IBAN). Sent invoices keep the copy of the account they printed."""
    label: Text(limits.BANK_ACCOUNT_LABEL, required=True, nullable=False,
                description="How the dashboard names the account (e.g. “Business EUR”).") = None
    account_holder: Text(limits.ACCOUNT_HOLDER, description=(
        "The name the account is held in; default: the company's legal name, else its name.")) = None
    iban: Text(typed_length(limits.IBAN), description=(
        "Checked (country format and check digits); stored compact, upper case.")) = None
    bic: Text(typed_length(limits.BIC), description="Optional, with an IBAN only; checked.") = None
    account_number: Text(typed_length(limits.ACCOUNT_NUMBER), description=(
        "Without an IBAN: 4 to 17 digits, with a routing_number or a sort_code.")) = None
    routing_number: Text(typed_length(limits.ROUTING_NUMBER), description=(
        "A US ABA routing number: nine digits, check digit verified.")) = None
    sort_code: Text(typed_length(limits.SORT_CODE), description=(
        "A GB sort code: six digits (dashes and spaces allowed; stored digits).")) = None
    currency: Choice(Currency, description="ISO 4217: invoices in this currency may use the account.") = None
    is_default: Flag("true makes it its currency's default (the others of the currency stop being it); false "
                     "passes the default to the oldest other account of the currency.") = None


class BankAccountCreate(BankAccountUpdate):
    """A new account. """ + SHAPE + " The first account of a currency becomes its default."
    label: Text(limits.BANK_ACCOUNT_LABEL, required=True, nullable=False,
                description="How the dashboard names the account (e.g. “Business EUR”).")
    currency: Choice(Currency, description="ISO 4217: invoices in this currency may use the account.")


class BankAccount(Output):
    id: PublicId("ba")
    label: str
    account_holder: str
    iban: str | None
    bic: str | None
    account_number: str | None
    routing_number: str | None
    sort_code: str | None
    currency: Currency
    is_default: bool
    created_at: Timestamp
    updated_at: Timestamp


class BankAccountListParams(CursorParams):
    pass
