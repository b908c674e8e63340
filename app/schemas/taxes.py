"""The tax shapes every priced document shares (DESIGN §10): a rate's category and one line of
a tax breakdown, and a rate as an item or a credit note's line carries it (invoices, quotes,
recurring invoices, credit notes)."""
from __future__ import annotations

from pydantic import Field

from app.money import TAX_CATEGORIES
from app.schemas.common import Output
from app.schemas.fields import MINOR_UNIT, Amount, PublicId, named

TaxCategory = named("TaxCategory", TAX_CATEGORIES)
MONEY = f"{MINOR_UNIT[0].upper() + MINOR_UNIT[1:]}, in the document's currency."


class TaxBreakdownEntry(Output):
    """One rate's tax: ``taxable_amount`` is the net the rate applies to."""
    tax_rate_id: PublicId("txr") | None = Field(description="null for the invoice-level tax_rate.")
    name: str | None
    percentage: Amount("Percent, at most 3 decimals.")
    category: TaxCategory
    taxable_amount: Amount(MONEY)
    tax_amount: Amount(MONEY)


class ItemTaxRate(Output):
    """A copy of a tax rate as an item (or a credit note's line) carries it: editing the rate
    later changes no document."""
    id: PublicId("txr")
    name: str
    percentage: Amount("Percent, at most 3 decimals.")
    category: TaxCategory
