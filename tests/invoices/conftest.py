"""The invoice tests' world: a German company with three rates, an Austrian buyer, and a draft
invoice with a row at each rate."""
import secrets
from datetime import date

import pytest

from app.ids import ALPHABET
from app.invoices import service as invoices
from app.models import BankAccount, InvoiceItem
from app.services import accounts, document_items, tax_rates, transaction
from tests.support.data import REVERSE_CHARGE
from tests.support.documents import rate_copy

SELLER = {"name": "Acme Studio", "legal_name": "Acme Studio GmbH", "address_line1": "Hauptstraße 1",
          "address_line2": "Hinterhaus", "postal_code": "10115", "city": "Berlin", "country": "DE",
          "vat_id": "DE136695976", "email": "billing@acme.example"}


BUYER = {"name": "Globex", "legal_name": "Globex Handels GmbH", "country": "AT", "email": "ap@globex.example",
         "address_line1": "Ringstraße 5", "postal_code": "1010", "city": "Wien", "region": "Wien",
         "legal_vat": "ATU13585627", "buyer_reference": "PO-2025-0042"}


# Items and the rate (by key) each carries; the figures DESIGN §10 gives for 19 % and 7 %.
ITEMS = [{"name": "Consulting", "quantity": 1, "unit_price": "100.00"},
         {"name": "Books", "quantity": 2, "unit_price": "10.50"},
         {"name": "Cloud hosting", "quantity": 1, "unit_price": "50.00"}]


RATES = {"vat19": {"name": "VAT", "percentage": "19", "category": "S"},
         "vat7": {"name": "VAT", "percentage": "7", "category": "S"},
         "rc": {"name": "VAT", "percentage": "0", "category": "AE", "exemption_reason": REVERSE_CHARGE}}


@pytest.fixture()
def world(actor, make_customer, make_invoice):
    """The company, its rates, a customer and an invoice with three rates (a draft)."""
    with transaction():
        accounts.update_company(actor, SELLER)
        rates = {key: tax_rates.create_tax_rate(actor, data) for key, data in RATES.items()}
    customer = make_customer(**BUYER)
    invoice = make_invoice(customer=customer, items=ITEMS, tax_rate=0, discount_type=None, discount_value=0,
                           due_date="2099-01-01")
    with transaction():  # the rates' copies and the supply period, written as the invoice service keeps them
        invoice = invoices.get_invoice(actor, invoice.id)
        invoice.supply_period_start, invoice.supply_period_end = date(2025, 3, 1), date(2025, 3, 31)
        rows = document_items.rows_of(invoice)
        for row, key in zip(rows, ("vat19", "vat7", "rc")):
            row["tax_rates"] = [rate_copy(rates[key])]
        totals = document_items.apply_items(invoice, rows, InvoiceItem, amount_paid=invoice.amount_paid)
        invoice.amount_due = totals.amount_due
    return {"rates": rates, "customer": customer, "invoice": invoice}


@pytest.fixture()
def make_bank_account(db):
    """``make_bank_account(actor, **fields)``: a bank account of the actor's company, written
    through the ORM (DESIGN §15) with its id written out, not through the bank-account service."""
    def make(actor, **fields):
        data = {"id": "ba_" + "".join(secrets.choice(ALPHABET) for _ in range(12)),
                "label": "Main account", "account_holder": actor.company.legal_name or actor.company.name,
                "currency": "EUR", "is_default": True, **fields}
        with transaction():
            account = BankAccount(company_pk=actor.company.pk, **data)
            db.session.add(account)
            db.session.flush()
        return account
    return make
