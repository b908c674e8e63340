"""Invoice shapes: create, update, items, the life-cycle actions' inputs, the invoice object
with its items, payments and refunds, and the list's parameters."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from app import limits
from app.credit_notes.schemas import CreditNoteSummary
from app.models.invoice import INVOICE_STATUSES
from app.money import DISCOUNT_TYPES, HUNDRED, MAX_RATES_PER_LINE, QUANTITY_PLACES, TAX_RATE_PLACES
from app.schemas.common import CursorParams, Input, Output, QueryDate
from app.schemas.customers import Currency
from app.schemas.fields import MINOR_UNIT, Amount, Choice, Day, Flag, Number, PublicId, Reference, Text, Timestamp, named
from app.schemas.taxes import ItemTaxRate, TaxBreakdownEntry

PERCENT = int(HUNDRED)
InvoiceStatus = named("InvoiceStatus", INVOICE_STATUSES)
DiscountType = named("DiscountType", DISCOUNT_TYPES)
StatusFilter = named("InvoiceStatusFilter", ("open", *INVOICE_STATUSES))
IN_CURRENCY = f"In the invoice's currency: {MINOR_UNIT}."


# The limit is the services' to check (their message names the item); the schema states it.
TaxRateIds = Annotated[list[Reference()] | None, Field(json_schema_extra={"maxItems": MAX_RATES_PER_LINE}, description=(
    f"Ids of the company's active tax rates (txr_…), at most {MAX_RATES_PER_LINE}, each once. The invoice's "
    "tax_rate must then be 0 or absent."))]


class InvoiceItemInput(Input):
    """One line. Give its name as ``name`` or ``item_name``: exactly one of the two."""
    name: Text(limits.ITEM_NAME, required=True, nullable=False,
               description="The item's name (or give item_name; exactly one of the two).") = None
    item_name: Text(limits.ITEM_NAME, required=True, nullable=False,
                    description="The item's name (or give name; exactly one of the two).") = None
    description: Text(limits.ITEM_DESCRIPTION, multiline=True) = None
    quantity: Number(exclusive=True, description=f"Default 1; at most {QUANTITY_PLACES} decimals.") = None
    unit: Text(limits.ITEM_UNIT) = None
    unit_price: Number(description=f"At most {QUANTITY_PLACES} decimals; the line total is rounded half up "
                                   "to the currency's minor unit.")
    tax_rates: TaxRateIds = None


Items = Annotated[list[InvoiceItemInput] | None, Field(max_length=limits.MAX_ITEMS)]


class PricedDocumentFields(Input):
    """The fields every priced document takes (invoices, recurring invoices)."""
    customer_id: Reference("A customer of the company.") = None
    currency: Choice(Currency, nullable=True, description="ISO 4217; default: the customer's currency.") = None
    tax_rate: Number(maximum=PERCENT, nullable=True,
                     description=f"Percent, 0 to 100, at most {TAX_RATE_PLACES} decimals.") = None
    discount_type: Choice(DiscountType, nullable=True, description="null: no discount.") = None
    discount_value: Number(nullable=True, description=(
        f"Percent (0 to 100, at most {QUANTITY_PLACES} decimals) or a fixed amount (at most the subtotal; "
        f"{IN_CURRENCY[0].lower() + IN_CURRENCY[1:]}")) = None
    notes: Text(limits.NOTES, multiline=True) = None
    payment_terms: Text(limits.PAYMENT_TERMS) = None
    tax_id: Text(limits.TAX_ID) = None
    amounts_include_tax: Flag("Unit prices include the taxes of their line. Default false.") = None
    supply_date: Day(description="When the goods or services were supplied (default: the issue date); "
                                 "not together with a supply period.") = None
    supply_period_start: Day(description="A supply period's first day (give its end too).") = None
    supply_period_end: Day(description="A supply period's last day, not before its start.") = None
    items: Items = Field(None, description="The lines (or give line_items; not both). Replaces every line.")
    line_items: Items = Field(None, description="Same as items.")


class InvoiceDraftFields(PricedDocumentFields):
    issue_date: Day(description="Default: today in the company's timezone.") = None
    due_date: Day(description="Default: 30 days after issue_date.") = None
    bank_account_id: Reference("A bank account of the company in the invoice's currency, printed as how to pay; "
                               "null: the company's default account for the currency.", nullable=True) = None
    online_payment: Flag("Offer online payment: the client's page shows a Pay button when the company is connected "
                         "to Stripe and something is due. Default true; can change in any status.") = None


class InvoiceCreate(InvoiceDraftFields):
    """A new draft; totals are computed."""
    customer_id: Reference("A customer of the company.")


class InvoiceUpdate(InvoiceDraftFields):
    """A draft takes every field (items are replaced); afterwards only notes, payment_terms, online_payment
    and status."""
    status: Choice(InvoiceStatus, description=(
        "in_review from sent, viewed, overdue or partial; sent from in_review.")) = None


class PaymentInput(Input):
    amount: Number(exclusive=True, description=f"At most amount_due. {IN_CURRENCY}")
    payment_method: Text(limits.PAYMENT_METHOD) = None
    transaction_id: Text(limits.TRANSACTION_ID) = None
    paid_at: Day(description="Default: today.") = None
    notes: Text(limits.NOTES, multiline=True) = None


class RefundInput(Input):
    payment_id: Reference("The payment to refund (pay_…) on this invoice; default: the most recent payment with "
                          "something left to refund. A payment made through Stripe is refunded through Stripe.",
                          nullable=True) = None
    amount: Number(exclusive=True, nullable=True, description=(
        f"Default: everything the payment has left to refund (at most what the invoice has). {IN_CURRENCY}")) = None
    reason: Text(limits.REFUND_REASON, multiline=True) = None
    payment_method: Text(limits.PAYMENT_METHOD) = None


class CancelInput(Input):
    cancellation_reason: Text(limits.CANCELLATION_REASON, multiline=True) = None


# --- output -------------------------------------------------------------------------------

MONEY = f"{MINOR_UNIT[0].upper() + MINOR_UNIT[1:]}, in the invoice's currency."


class InvoiceItem(Output):
    id: PublicId("di")
    item_name: str
    description: str | None
    quantity: Amount(f"At most {QUANTITY_PLACES} decimals.")
    unit: str | None
    unit_price: Amount(f"At most {QUANTITY_PLACES} decimals.")
    subtotal: Amount(MONEY)
    total: Amount(MONEY)
    sort_order: int
    tax_rates: list[ItemTaxRate] = Field(description="Empty: the invoice's tax_rate applies (when no item names rates).")


class Payment(Output):
    id: PublicId("pay")
    amount: Amount(MONEY)
    payment_method: str | None
    transaction_id: str | None
    paid_at: date
    notes: str | None
    provider: str | None = Field(description="stripe: paid online (transaction_id is its PaymentIntent); "
                                             "null: recorded by hand.")
    created_at: Timestamp


class Refund(Output):
    id: PublicId("ref")
    amount: Amount(MONEY)
    reason: str | None = Field(description="The owner's reason; kept here, never sent to Stripe.")
    payment_method: str | None
    payment_id: PublicId("pay") | None = Field(description="The payment it returns (null for refunds recorded "
                                                           "before refunds named their payment).")
    provider_refund_id: str | None = Field(description="Stripe's id of the refund (re_…) when the money went back "
                                                       "through Stripe; else null.")
    created_at: Timestamp


class InvoiceCustomer(Output):
    id: PublicId("cus")
    name: str
    contact_email: str | None


ONLY_RATE = (f"Percent, at most {TAX_RATE_PLACES} decimals: the one rate every item carries; "
             "null when the items carry several or different rates.")


class PricedDocument(Output):
    """What every priced document shows (DESIGN §4, §10): its currency, items, discount, taxes
    and totals. Invoices, quotes and recurring invoices add their own fields."""
    currency: Currency
    subtotal: Amount(MONEY)
    discount_type: DiscountType | None
    discount_value: Amount("Percent, or a fixed amount in the document's currency.")
    discount_amount: Amount(MONEY)
    subtotal_after_discount: Amount(MONEY)
    tax_rate: Amount(ONLY_RATE) | None
    tax_id: str | None
    tax_amount: Amount(MONEY)
    total: Amount(MONEY)
    total_excluding_tax: Amount(MONEY)
    amounts_include_tax: bool
    tax_breakdown: list[TaxBreakdownEntry] = Field(description="One entry per rate, in order of first use.")
    notes: str | None
    customer: InvoiceCustomer
    items: list[InvoiceItem]


class Invoice(PricedDocument):
    id: PublicId("inv")
    invoice_number: str
    customer_id: PublicId("cus")
    status: InvoiceStatus = Field(description="overdue is computed from due_date and amount_due.")
    issue_date: date
    due_date: date
    supply_date: date | None = Field(description="When the goods or services were supplied: the date given, else "
                                                 "the issue date; null when a supply period is given.")
    supply_period_start: date | None
    supply_period_end: date | None
    amount_paid: Amount(MONEY)
    amount_refunded: Amount(MONEY)
    amount_credited: Amount(MONEY + " The sum of its credit notes.")
    amount_due: Amount(MONEY + " total − amount_credited − (amount_paid − amount_refunded); 0 when cancelled.")
    amount_overpaid: Amount(MONEY + " Paid beyond what the invoice asks (an online payment that came after it was "
                                    "paid by other means); 0 when nothing is. A refund can return it.")
    online_payment: bool = Field(description="The client's page offers a Pay button (when the company is connected "
                                             "to Stripe and something is due).")
    payment_terms: str | None
    public_token: str
    sent_at: Timestamp | None
    viewed_at: Timestamp | None
    paid_at: Timestamp | None
    cancelled_at: Timestamp | None
    cancellation_reason: str | None
    recurring_invoice_id: PublicId("rec") | None = Field(description="The recurring invoice that issued it.")
    quote_id: PublicId("quo") | None = Field(description="The quote it was converted from.")
    bank_account_id: PublicId("ba") | None = Field(description=(
        "The bank account chosen for it (null: the company's default for its currency is printed); once sent, "
        "the account it printed, kept even when the account is deleted."))
    payment_reference: str = Field(description=(
        "What the client quotes when paying: the invoice number, or the company's format of it (an RF creditor "
        "reference, a Belgian structured communication). A draft shows the one it would get; fixed when sent."))
    created_at: Timestamp
    updated_at: Timestamp
    payments: list[Payment]
    refunds: list[Refund]
    credit_notes: list[CreditNoteSummary]


class InvoiceListParams(CursorParams):
    status: Choice(StatusFilter, description="Filter by status (overdue is computed; open: every status "
                                               "that still owes money).") = None
    customer_id: str = Field(None, description="Filter by customer.")
    q: str = Field(None, json_schema_extra={"maxLength": limits.SEARCH_TERM},
                   description="Part of the invoice number or of the customer's name.")
    due_after: QueryDate("due_after", "Due on or after this day.") = None
    due_before: QueryDate("due_before", "Due on or before this day.") = None
    issued_from: QueryDate("issued_from", "Issued on or after this day.") = None
    issued_to: QueryDate("issued_to", "Issued on or before this day.") = None
