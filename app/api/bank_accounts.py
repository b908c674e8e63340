"""/v1/bank_accounts: list, create, retrieve, update (POST; ``is_default: true`` makes an
account its currency's default), delete. Members read; admins write (as under Settings →
Payments). Sent invoices keep the copy of the account they printed."""
from __future__ import annotations

from app.api.resources import Resource, paginated
from app.api.serializers import bank_account_json
from app.models import BankAccount
from app.schemas.bank_accounts import BankAccount as BankAccountShape
from app.schemas.bank_accounts import BankAccountCreate, BankAccountListParams, BankAccountUpdate
from app.services import bank_accounts, tenancy

BANK_ACCOUNT = Resource("/bank_accounts/<bank_account_id>", lambda actor, account: bank_account_json(account),
                        BankAccountShape)

create_bank_account = BANK_ACCOUNT.create(
    "Create a bank account (admin only): an IBAN (with an optional BIC), or an account number with a US routing "
    "number or a GB sort code. The first account of a currency becomes its default.",
    body=BankAccountCreate, errors=(403,), runs=bank_accounts.create_bank_account)
retrieve_bank_account = BANK_ACCOUNT.retrieve("Retrieve a bank account.", runs=bank_accounts.get_bank_account)
update_bank_account = BANK_ACCOUNT.action(
    None, "Update a bank account (admin only); is_default true makes it its currency's default. "
          "Sent invoices keep the copy of the account they printed.",
    body=BankAccountUpdate, errors=(403,), runs=bank_accounts.update_bank_account)
delete_bank_account = BANK_ACCOUNT.delete(
    "Delete a bank account (admin only). Drafts that used it use their currency's default; sent invoices keep "
    "the copy they printed. Deleting a default makes the oldest other account of its currency the default.",
    errors=(403,), runs=bank_accounts.delete_bank_account)


@BANK_ACCOUNT.listing("List bank accounts, newest first.", query=BankAccountListParams)
def list_bank_accounts(actor, body):
    return paginated(tenancy.scoped(BankAccount, actor.company), BankAccount, bank_account_json)
