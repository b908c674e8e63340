"""How an invoice is paid (DESIGN §15): the bank account it prints and its payment reference.

A draft shows the live answer: its chosen account, else the company's default account for its
currency, else none; its reference made from its number in the company's format. Sending fixes
both (``fix``, called with the parties' snapshots): the account as it was then, and the
reference. An invoice sent before references existed has none fixed, and shows the live answer
as a draft does. Everything that prints how to pay (the PDF, the public page, the e-invoices,
the JSON) asks here."""
from __future__ import annotations

from app import payment_references
from app.extensions import db
from app.models import BankAccount, Company, Invoice
from app.services import tenancy

ACCOUNT_KEYS = ("id", "label", "account_holder", "iban", "bic", "account_number", "routing_number", "sort_code",
                "currency")


def default_account(company: Company, currency: str) -> BankAccount | None:
    """The company's default account for ``currency``, if it has one."""
    return db.session.scalars(tenancy.scoped(BankAccount, company).where(
        BankAccount.currency == currency, BankAccount.is_default.is_(True),
    ).order_by(BankAccount.pk).limit(1)).first()


def live_account(invoice: Invoice) -> BankAccount | None:
    """The account an invoice would print now: its own (in its currency), else the default."""
    account = invoice.bank_account if invoice.bank_account_pk is not None else None
    if account is not None and account.currency == invoice.currency:
        return account
    return default_account(invoice.company, invoice.currency)


def account_details(account: BankAccount) -> dict:
    """What an invoice keeps of its account when it is sent (``invoice.bank_account_snapshot``)."""
    return {key: getattr(account, key) for key in ACCOUNT_KEYS}


def is_fixed(invoice: Invoice) -> bool:
    return invoice.payment_reference is not None


def account_of(invoice: Invoice) -> dict | None:
    """The account the invoice prints, as a dict of ``ACCOUNT_KEYS``, or None."""
    if is_fixed(invoice):
        return dict(invoice.bank_account_snapshot) if invoice.bank_account_snapshot else None
    account = live_account(invoice)
    return account_details(account) if account is not None else None


def reference_of(invoice: Invoice) -> str:
    """The invoice's payment reference: fixed when sent, else what it would get now."""
    return reference_from(invoice.invoice_number, invoice.payment_reference, invoice.company)


def reference_from(number: str, fixed: str | None, company: Company) -> str:
    """The reference of an invoice numbered ``number`` with ``fixed`` stored (None until sent),
    from its columns alone: the API's lists read invoices as rows, not objects."""
    if fixed is not None:
        return fixed
    return payment_references.reference_for(number, company.payment_reference_format)


def fix(invoice: Invoice) -> None:
    """Freeze the account and the reference on ``invoice`` (once, when it is sent)."""
    account = live_account(invoice)
    invoice.bank_account_snapshot = account_details(account) if account is not None else None
    invoice.payment_reference = reference_of(invoice)
