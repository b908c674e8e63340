"""JSON documents of the API's objects, with the fields of their :mod:`app.schemas` models.

Amounts stay ``Decimal``; the app's JSON provider prints them without float noise."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache

from app import money
from app.credit_notes import schemas as credit_note_schemas
from app.extensions import db
from app.invoices import rows as invoice_rows
from app.invoices import schemas
from app.invoices.rows import InvoiceRecord
from app.invoices.states import effective_status
from app.models import BankAccount, Company, CreditNote, Customer, Invoice, Quote, TaxRate
from app.quotes import schemas as quote_schemas
from app.quotes.states import effective_status as quote_status
from app.recurring import schemas as recurring_schemas
from app.recurring import service as recurring_service
from app.schemas import bank_accounts as bank_account_schemas
from app.schemas import company as company_schemas
from app.schemas import customers as customer_schemas
from app.schemas import tax_rates as tax_rate_schemas
from app.services import document_items, payment_details, reminders

CUSTOMER_FIELDS = tuple(customer_schemas.Customer.model_fields)
COMPANY_FIELDS = tuple(company_schemas.Company.model_fields)
# The invoice's own fields; the customer and its lines are documents of their own.
INVOICE_FIELDS = tuple(name for name in schemas.Invoice.model_fields
                       if name not in ("customer", "items", "payments", "refunds", "credit_notes"))
# The customer's public id, the effective status, and the tax figures read from the items'
# rate copies and the stored breakdown.
TAX_FIELDS = ("tax_rate", "total_excluding_tax", "tax_breakdown")
DERIVED_FIELDS = ("customer_id", "status", "amount_overpaid", *TAX_FIELDS)
# How it is paid (DESIGN §15): the account it names (else the one it printed) and its reference.
PAYMENT_FIELDS_SHOWN = ("bank_account_id", "payment_reference")
ITEM_FIELDS = tuple(name for name in schemas.InvoiceItem.model_fields if name != "tax_rates")
ITEM_RATE_FIELDS = tuple(schemas.ItemTaxRate.model_fields)
BREAKDOWN_AMOUNTS = ("percentage", "taxable_amount", "tax_amount")
PAYMENT_FIELDS = tuple(schemas.Payment.model_fields)
REFUND_FIELDS = tuple(name for name in schemas.Refund.model_fields if name != "payment_id")
INVOICE_CUSTOMER_FIELDS = tuple(schemas.InvoiceCustomer.model_fields)
TAX_RATE_FIELDS = tuple(tax_rate_schemas.TaxRate.model_fields)
BANK_ACCOUNT_FIELDS = tuple(bank_account_schemas.BankAccount.model_fields)
QUOTE_FIELDS = tuple(name for name in quote_schemas.Quote.model_fields if name not in ("customer", "items"))
CREDIT_NOTE_SUMMARY_FIELDS = tuple(credit_note_schemas.CreditNoteSummary.model_fields)
CREDIT_NOTE_FIELDS = tuple(name for name in credit_note_schemas.CreditNote.model_fields if name != "lines")


def _pick(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def customer_json(customer: Customer) -> dict:
    return _pick(customer, CUSTOMER_FIELDS)


def company_json(company: Company) -> dict:
    """The profile with the reminder setting as Settings → Reminders shows it."""
    return {**_pick(company, COMPANY_FIELDS), **reminders.settings_of(company)}


def tax_rate_json(rate: TaxRate) -> dict:
    return _pick(rate, TAX_RATE_FIELDS)


def bank_account_json(account: BankAccount) -> dict:
    return _pick(account, BANK_ACCOUNT_FIELDS)


def invoice_json(invoice: Invoice, today: date) -> dict:
    return invoice_document(invoice, invoice.customer, invoice.items, invoice.payments, invoice.refunds, today,
                            invoice.credit_notes)


def record_json(record: InvoiceRecord, today: date) -> dict:
    """The same document from plain rows (:mod:`app.invoices.rows`)."""
    return invoice_document(record.invoice, record.customer, record.items, record.payments, record.refunds, today,
                            record.credit_notes)


def rows_json(rows: list, today: date) -> list[dict]:
    """Documents of a page of :func:`app.invoices.rows.rows_query` rows."""
    return [record_json(record, today) for record in invoice_rows.records(rows)]


def _percentage(text: str) -> Decimal | int:
    """A stored percentage as a number: a whole one as an int (printed alike, and without the
    JSON encoder's call per Decimal: a page of 100 invoices shows thousands of them)."""
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else number


def _shown(copies) -> tuple[dict, ...]:
    return tuple({"id": copy["id"], "name": copy["name"], "percentage": _percentage(copy["percentage"]),
                  "category": copy["category"]} for copy in copies or ())


@lru_cache(maxsize=4096)
def _shown_from_text(text: str) -> tuple[dict, ...]:
    """Copies read as JSON text (the list path): a page's items share a few, decoded once each."""
    return _shown(json.loads(text))


def _rates_of(copies) -> tuple[dict, ...]:
    """An item's rates as its document shows them, from the stored copies (a list, or their
    JSON text; None for an item without rates). The dicts are shared (the cache keeps them):
    documents only print them, never change them."""
    if copies is None:
        return ()
    return _shown_from_text(copies) if isinstance(copies, str) else _shown(copies)


def pricing_json(document, items) -> dict:
    """What every priced document shows of its items and taxes: the items with their rate
    copies, ``tax_rate`` (:func:`app.money.single_tax_rate`), ``total_excluding_tax``, ``tax_breakdown``."""
    rates = [_rates_of(item.tax_rates) for item in items]
    return {
        "items": [{**_pick(item, ITEM_FIELDS), "tax_rates": list(copies)}
                  for item, copies in zip(items, rates)],
        "tax_rate": money.single_tax_rate([tuple(map(document_items.rate_of, copies)) for copies in rates],
                                          document.tax_rate),
        "total_excluding_tax": money.total_excluding_tax(document.total, document.tax_amount),
        "tax_breakdown": breakdown_json(document),
    }


def breakdown_json(document) -> list[dict]:
    """A document's stored tax breakdown with its amounts and percentages as numbers."""
    return [{**entry, **{name: Decimal(entry[name]) for name in BREAKDOWN_AMOUNTS}}
            for entry in document_items.breakdown_of(document)]


def invoice_document(invoice, customer, items, payments, refunds, today: date, credit_notes=()) -> dict:
    """An invoice's document from anything with its fields as attributes: an ORM object or a row."""
    # Every field in its place; the two that are not stored on the invoice are filled below.
    document = {name: None if name in DERIVED_FIELDS else getattr(invoice, name) for name in INVOICE_FIELDS
                if name not in PAYMENT_FIELDS_SHOWN}
    document["customer_id"] = customer.id
    document["bank_account_id"] = invoice.bank_account_id or (invoice.bank_account_snapshot or {}).get("id")
    document["payment_reference"] = payment_details.reference_from(
        invoice.invoice_number, invoice.payment_reference, db.session.get(Company, invoice.company_pk))
    document["status"] = effective_status(invoice, today)
    document["amount_overpaid"] = money.amount_overpaid(invoice.total, credited=invoice.amount_credited,
                                                        paid=invoice.amount_paid, refunded=invoice.amount_refunded)
    if document["supply_date"] is None and document["supply_period_start"] is None:
        document["supply_date"] = document["issue_date"]  # DESIGN §10: by default supplied on the issue date
    document["customer"] = _pick(customer, INVOICE_CUSTOMER_FIELDS)
    document.update(pricing_json(invoice, items))
    document["payments"] = [_pick(payment, PAYMENT_FIELDS) for payment in payments]
    payment_ids = {payment.pk: payment.id for payment in payments}  # a refund names one of them, by pk
    document["refunds"] = [{**_pick(refund, REFUND_FIELDS), "payment_id": payment_ids.get(refund.payment_pk)}
                           for refund in refunds]
    document["credit_notes"] = [_pick(note, CREDIT_NOTE_SUMMARY_FIELDS) for note in credit_notes]
    return document


def _named_rates(copies) -> list[dict]:
    """A credit note line's rates as an invoice item shows them: the named ones (a line on the
    invoice's unnamed tax_rate shows none, as the invoice's items do; its tax_breakdown has it)."""
    return [rate for rate in _rates_of(copies) if rate["id"] is not None]


def credit_note_json(note: CreditNote) -> dict:
    """A credit note's document (DESIGN §11); a line's description is its stored item_name."""
    document = _pick(note, CREDIT_NOTE_FIELDS)
    document["tax_breakdown"] = breakdown_json(note)
    document["lines"] = [{"description": line.item_name, "quantity": line.quantity, "unit_price": line.unit_price,
                          "subtotal": line.subtotal, "tax_rates": _named_rates(line.tax_rates)}
                         for line in note.lines]
    return document


RECURRING_FIELDS = tuple(name for name in recurring_schemas.RecurringInvoice.model_fields
                         if name not in ("customer_id", "upcoming_dates", "customer", "items", *TAX_FIELDS))


def recurring_json(recurring) -> dict:
    """A recurring invoice's document, with its next issue dates."""
    document = _pick(recurring, RECURRING_FIELDS)
    document["customer_id"] = recurring.customer.id
    document["upcoming_dates"] = recurring_service.upcoming_dates(recurring)
    document["customer"] = _pick(recurring.customer, INVOICE_CUSTOMER_FIELDS)
    document.update(pricing_json(recurring, recurring.items))
    return document


def quote_json(quote: Quote, today: date) -> dict:
    document = _pick(quote, [name for name in QUOTE_FIELDS if name not in DERIVED_FIELDS])
    document["customer_id"] = quote.customer.id
    document["status"] = quote_status(quote, today)
    document["customer"] = _pick(quote.customer, INVOICE_CUSTOMER_FIELDS)
    document.update(pricing_json(quote, quote.items))
    return {name: document[name] for name in (*QUOTE_FIELDS, "customer", "items")}
