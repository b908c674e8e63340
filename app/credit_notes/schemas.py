"""Credit note shapes (DESIGN §11): the adjustment's input, the credit note object with its
lines and tax breakdown, and the list's parameters."""
from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from app import limits
from app.models.credit_note import CREDIT_NOTE_TYPES
from app.money import MAX_RATES_PER_LINE, QUANTITY_PLACES
from app.schemas.common import CursorParams, Input, Output
from app.schemas.customers import Currency
from app.schemas.fields import MINOR_UNIT, Amount, Number, PublicId, Reference, Text, Timestamp, named
from app.schemas.taxes import ItemTaxRate, TaxBreakdownEntry

CreditNoteType = named("CreditNoteType", CREDIT_NOTE_TYPES)
MONEY = f"{MINOR_UNIT[0].upper() + MINOR_UNIT[1:]}, in the invoice's currency."


# The services check the ids (the rates of one of the invoice's items); the schema states the limit.
RateIds = Annotated[list[Annotated[str, Field(max_length=limits.REFERENCE)]] | None,
                    Field(json_schema_extra={"maxItems": MAX_RATES_PER_LINE})]


class CreditNoteLineInput(Input):
    description: Text(limits.ITEM_NAME, required=True, nullable=False, description="What is credited.")
    quantity: Number(exclusive=True, description=f"Default 1; at most {QUANTITY_PLACES} decimals.") = None
    unit_price: Number(description=f"At most {QUANTITY_PLACES} decimals; tax included when the invoice's prices "
                                   "include tax.")
    tax_rates: RateIds = Field(None, description=(
        "Ids of the rates of one of the invoice's items, as an invoice item names its rates (default: the "
        "invoice's rates when all its items carry the same)."))
    tax_rate_ids: RateIds = Field(None, description="Same as tax_rates (the older name; give one of the two).")


class CreditNoteCreate(Input):
    """An adjustment of a sent invoice that is not cancelled: give ``amount`` or ``lines``;
    the total is at most the invoice's amount_due."""
    ITEMS_OF: ClassVar[tuple[str, str]] = ("credit note", "lines")  # the line limit's words
    invoice_id: Reference("The invoice it corrects.")
    amount: Number(exclusive=True, nullable=True, description=(
        f"Tax included, split over the invoice's tax rates in proportion to their share of its total; "
        f"{MINOR_UNIT}.")) = None
    lines: Annotated[list[CreditNoteLineInput] | None, Field(max_length=limits.MAX_ITEMS)] = Field(
        None, description="The lines credited (instead of amount).")
    reason: Text(limits.CREDIT_NOTE_REASON, multiline=True) = None
    memo: Text(limits.NOTES, multiline=True) = None


class CreditNoteLine(Output):
    description: str = Field(description="What is credited.")
    quantity: Amount(f"At most {QUANTITY_PLACES} decimals.")
    unit_price: Amount(f"At most {QUANTITY_PLACES} decimals.")
    subtotal: Amount(MONEY)
    tax_rates: list[ItemTaxRate] = Field(description=(
        "The line's tax rates, as an invoice item shows them (copies: editing a rate later changes no credit "
        "note). Empty: the invoice's unnamed tax_rate applies (see tax_breakdown)."))


class CreditNote(Output):
    id: PublicId("cn")
    number: str
    invoice_id: PublicId("inv")
    customer_id: PublicId("cus")
    refund_id: PublicId("ref") | None
    type: CreditNoteType
    reason: str | None
    memo: str | None
    issue_date: date
    currency: Currency
    lines: list[CreditNoteLine]
    subtotal: Amount(MONEY + " Without tax.")
    tax_amount: Amount(MONEY)
    total: Amount(MONEY + " Tax included: what is credited.")
    tax_breakdown: list[TaxBreakdownEntry] = Field(description="One entry per rate, mirroring the invoice's.")
    public_token: str
    created_at: Timestamp


class CreditNoteSummary(Output):
    """As an invoice lists its credit notes."""
    id: PublicId("cn")
    number: str
    type: CreditNoteType
    total: Amount(MONEY)


class CreditNoteListParams(CursorParams):
    invoice_id: str = Field(None, description="Filter by invoice.")
    customer_id: str = Field(None, description="Filter by customer.")
