"""Bank accounts (DESIGN §15): where a company is paid, created and changed by its admins,
read by every member. An account is an IBAN (with an optional BIC), or an account number with
a US routing number or a GB sort code; each has a currency, and each currency with accounts
has exactly one default (the first account of a currency becomes it; deleting it makes the
oldest remaining account of that currency the default). Deleting an account detaches it from
the company's invoices: drafts fall back to the default, sent ones keep the copy they printed."""
from __future__ import annotations

import re

from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException
from stdnum.us import rtn

from app import limits
from app.extensions import db
from app.i18n import _, _l
from app.models import BankAccount, Invoice
from app.services import inputs, tenancy
from app.services.activity import record
from app.services.inputs import Errors, ValidationError
from app.services.tenancy import Actor

SEPARATORS = re.compile(r"[\s-]")
ACCOUNT_NUMBER_DIGITS = (4, 17)  # a US account number has up to 17 digits; a GB one 8
SHAPE = _l("Give an IBAN, or an account number with a US routing number or a GB sort code.")


def typed_length(max_length: int) -> int:
    """How long a code may be as typed: a space or dash may follow each of its characters."""
    return 2 * max_length


def _compact(value: object, field: str, max_length: int) -> str | None:
    """A code as typed (spaces and dashes allowed between its characters), compact, upper case."""
    typed = inputs.text(value, field, max_length=typed_length(max_length))
    return SEPARATORS.sub("", typed).upper() if typed is not None else None


def _iban(value: object) -> str | None:
    compact = _compact(value, "iban", limits.IBAN)
    if compact is None:
        return None
    try:
        return IBAN(compact).compact
    except InvalidChecksumDigits:
        raise ValidationError({"iban": _("Not a valid IBAN: its check digits do not match (a typing mistake?).")}) from None
    except SchwiftyException as error:
        raise ValidationError({"iban": _("Not a valid IBAN: %(reason)s.", reason=str(error).rstrip("."))}) from None


def _bic(value: object) -> str | None:
    compact = _compact(value, "bic", limits.BIC)
    if compact is None:
        return None
    try:
        return str(BIC(compact))
    except SchwiftyException as error:
        raise ValidationError({"bic": _("Not a valid BIC: %(reason)s.", reason=str(error).rstrip("."))}) from None


def _digits(value: object, field: str, max_length: int) -> str | None:
    compact = _compact(value, field, max_length)
    if compact is not None and not (compact.isascii() and compact.isdigit()):
        raise ValidationError({field: _("Only digits (spaces and dashes between them are fine).")})
    return compact


def _account_number(value: object) -> str | None:
    number = _digits(value, "account_number", limits.ACCOUNT_NUMBER)
    low, high = ACCOUNT_NUMBER_DIGITS
    if number is not None and not low <= len(number) <= high:
        raise ValidationError({"account_number": _("An account number has %(low)s to %(high)s digits.", low=low, high=high)})
    return number


def _routing_number(value: object) -> str | None:
    number = _digits(value, "routing_number", limits.ROUTING_NUMBER)
    if number is not None and not rtn.is_valid(number):
        raise ValidationError({"routing_number": _("Not a valid US routing number (ABA): nine digits whose "
                                                   "check digit matches.")})
    return number


def _sort_code(value: object) -> str | None:
    code = _digits(value, "sort_code", limits.SORT_CODE)
    if code is not None and len(code) != limits.SORT_CODE:
        raise ValidationError({"sort_code": _("A sort code has six digits (e.g. 12-34-56).")})
    return code


CHECKS = {  # each column an account's input may set -> its rule
    "label": lambda v: inputs.text(v, "label", max_length=limits.BANK_ACCOUNT_LABEL, required=True),
    "account_holder": lambda v: inputs.text(v, "account_holder", max_length=limits.ACCOUNT_HOLDER),
    "iban": _iban,
    "bic": _bic,
    "account_number": _account_number,
    "routing_number": _routing_number,
    "sort_code": _sort_code,
    "currency": inputs.currency,
    "is_default": lambda v: inputs.boolean(v, "is_default"),
}
NUMBERS = ("iban", "bic", "account_number", "routing_number", "sort_code")


def _clean(data: dict) -> dict:
    return inputs.checked(data, CHECKS)


def shape_error(account: dict) -> dict[str, str]:
    """Which field breaks the one-shape rule (IBAN [+ BIC] | number + routing | number + sort
    code), as a field error; empty when the account has exactly one shape."""
    given = {field for field in NUMBERS if account.get(field)}
    if "iban" in given:
        extra = sorted(given - {"iban", "bic"})
        return {extra[0]: _("An account with an IBAN has no account number, routing number or sort code.")} if extra else {}
    if "bic" in given:
        return {"bic": _("A BIC goes with an IBAN; this account has none.")}
    if not given:
        return {"iban": str(SHAPE)}
    if "account_number" not in given:
        return {"account_number": _("This field is required with a routing number or a sort code.")}
    if given == {"account_number"}:
        return {"routing_number": _("Give a US routing number or a GB sort code with the account number.")}
    if given == {"account_number", "routing_number", "sort_code"}:
        return {"sort_code": _("Give a routing number (US) or a sort code (GB), not both.")}
    return {}


def _holder(actor: Actor, given: str | None) -> str:
    """The holder given, else the company's legal name, else its name."""
    if given:
        return given
    holder = (actor.company.legal_name or actor.company.name or "").strip()
    if len(holder) > limits.ACCOUNT_HOLDER:
        raise ValidationError({"account_holder": (
            _("The company's name is longer than the %(count)s characters a payment code carries; "
              "give the holder's name as the bank writes it.", count=limits.ACCOUNT_HOLDER))})
    return holder


def printed_iban(iban: str | None) -> str:
    """An IBAN as people read it: in groups of four (``DE89 3704 0044 0532 0130 00``)."""
    compact = iban or ""
    return " ".join(compact[start:start + 4] for start in range(0, len(compact), 4))


def printed_sort_code(code: str | None) -> str:
    """A sort code as people read it: ``60-16-13``."""
    return "-".join((code or "")[start:start + 2] for start in range(0, len(code or ""), 2))


def _of_currency(actor: Actor, currency: str) -> list[BankAccount]:
    query = tenancy.scoped(BankAccount, actor.company).where(BankAccount.currency == currency)
    return list(db.session.scalars(query.order_by(BankAccount.pk)))


def _settle_defaults(actor: Actor, currency: str, chosen: BankAccount | None = None,
                     dropped: BankAccount | None = None) -> None:
    """Exactly one default among the company's accounts in ``currency``: ``chosen`` when given,
    else the current default (unless it is ``dropped``), else the oldest other account."""
    accounts = _of_currency(actor, currency)
    if not accounts:
        return
    others = [account for account in accounts if account is not dropped] or accounts
    current = [account for account in others if account.is_default]
    default = chosen if chosen is not None else (current[0] if current else others[0])
    for account in accounts:
        account.is_default = account is default


def list_bank_accounts(actor: Actor) -> list[BankAccount]:
    """By currency, the default first, then oldest first."""
    query = tenancy.scoped(BankAccount, actor.company)
    order = (BankAccount.currency, BankAccount.is_default.desc(), BankAccount.pk)
    return list(db.session.scalars(query.order_by(*order)))


def of_currency(actor: Actor, currency: str) -> list[BankAccount]:
    """The company's accounts in ``currency`` (what an invoice in it may use), oldest first."""
    return _of_currency(actor, currency)


def get_bank_account(actor: Actor, bank_account_id: object, *, for_update: bool = False) -> BankAccount:
    return tenancy.get(BankAccount, actor.company, bank_account_id, for_update=for_update)


def create_bank_account(actor: Actor, data: dict) -> BankAccount:
    """A new account; the first of its currency (or one given ``is_default: true``) is the
    currency's default."""
    actor.require("manage_bank_accounts")
    clean = _clean({"label": None, "currency": None, **data} if isinstance(data, dict) else data)
    errors = Errors(shape_error(clean))
    clean["account_holder"] = errors.capture(_holder, actor, clean.get("account_holder"))
    errors.raise_if_any()
    others = _of_currency(actor, clean["currency"])
    is_default = clean.pop("is_default", False) or not others
    for other in others if is_default else ():
        other.is_default = False
    account = BankAccount(company_pk=actor.company.pk, is_default=is_default, **clean)
    db.session.add(account)
    record(actor, account, "bank_account.created")
    return account


def update_bank_account(actor: Actor, bank_account_id: object, data: dict) -> BankAccount:
    """Change the given fields (a field given null is cleared: switching an account from an IBAN
    to a routing number clears the IBAN). ``is_default: true`` makes it its currency's default;
    false passes the default to the oldest other account of the currency (a currency with
    accounts always has one). Sent invoices keep the copy of the account they printed; drafts
    in another currency than the account's new one stop using it."""
    actor.require("manage_bank_accounts")
    account = get_bank_account(actor, bank_account_id, for_update=True)
    clean = _clean(data)
    chosen = clean.pop("is_default", None)
    merged = {field: clean.get(field, getattr(account, field)) for field in CHECKS if field != "is_default"}
    errors = Errors(shape_error(merged))
    merged["account_holder"] = errors.capture(_holder, actor, merged["account_holder"])
    errors.raise_if_any()
    changed = sorted(field for field, value in merged.items() if value != getattr(account, field))
    before = account.currency
    for field in changed:
        setattr(account, field, merged[field])
    if chosen is not None and chosen != account.is_default:
        changed.append("is_default")
    db.session.flush()
    if account.currency != before:
        account.is_default = False
        _settle_defaults(actor, before, dropped=account)
        _detach(actor, account, drafts_only=True)
    _settle_defaults(actor, account.currency, chosen=account if chosen else None,
                     dropped=account if chosen is False else None)
    if changed:
        db.session.flush()
        record(actor, account, "bank_account.updated", fields=sorted(changed))
    return account


def set_default(actor: Actor, bank_account_id: object) -> BankAccount:
    return update_bank_account(actor, bank_account_id, {"is_default": True})


def delete_bank_account(actor: Actor, bank_account_id: object) -> BankAccount:
    """Delete the account (the row goes). The company's invoices that chose it stop pointing at
    it: a draft then uses its currency's default, a sent one keeps the copy it printed. When it
    was its currency's default, the oldest remaining account of that currency becomes it."""
    actor.require("manage_bank_accounts")
    account = get_bank_account(actor, bank_account_id, for_update=True)
    _detach(actor, account)
    _settle_defaults(actor, account.currency, dropped=account)
    record(actor, account, "bank_account.deleted")
    db.session.delete(account)
    db.session.flush()
    return account


def _detach(actor: Actor, account: BankAccount, *, drafts_only: bool = False) -> None:
    """The company's invoices (deleted ones too) stop naming ``account``; with ``drafts_only``,
    those not yet sent (whose account is not fixed)."""
    query = (tenancy.scoped_update(Invoice, actor.company).where(Invoice.bank_account_pk == account.pk)
             .values(bank_account_pk=None).execution_options(synchronize_session="fetch"))
    if drafts_only:
        query = query.where(Invoice.payment_reference.is_(None), Invoice.currency != account.currency)
    db.session.execute(query)


def for_invoice(actor: Actor, value: object, currency: str | None) -> BankAccount | None:
    """The account an invoice names as ``bank_account_id``: None (the company's default for its
    currency), else one of the company's accounts in ``currency`` (when known), else a field error."""
    if value is None:
        return None
    account = tenancy.find(BankAccount, actor.company, value)
    if account is None:
        raise ValidationError({"bank_account_id": _("No such bank account: '%(id)s'.", id=value)
                               if tenancy.can_be_id(value) else _("No such bank account.")})
    if currency is not None and account.currency != currency:
        raise ValidationError({"bank_account_id": (
            _("The bank account “%(label)s” is in %(account_currency)s; this invoice is in %(currency)s. "
              "Choose an account in %(currency)s, or none for the company's default.",
              label=account.label, account_currency=account.currency, currency=currency))})
    return account
