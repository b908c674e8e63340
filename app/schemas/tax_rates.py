"""Tax rate shapes (DESIGN §10): create, update (archive and restore with ``active``), the
tax rate object, and the list's parameters."""
from __future__ import annotations

from app import limits
from app.invoices.schemas import PERCENT
from app.money import TAX_RATE_PLACES
from app.schemas.common import CursorParams, Input, Output
from app.schemas.fields import Amount, Choice, Flag, Number, PublicId, Text, Timestamp
from app.schemas.taxes import TaxCategory

CATEGORY = ("EN 16931 / UNCL5305: S standard, Z zero rated, E exempt, AE reverse charge, K intra-EU supply, "
            "G export, O outside the scope of tax.")

ACCOUNT = ("The revenue account this rate's sales are booked to (DATEV's Gegenkonto): 1 to 16 letters or digits; "
           "the DATEV export needs a number of at most 9 digits, such as 8400.")


class TaxRateUpdate(Input):
    """The given fields change; invoices keep the copy of a rate they were saved with."""
    name: Text(limits.TAX_RATE_NAME, required=True, nullable=False) = None
    percentage: Number(maximum=PERCENT, description=(
        f"Percent, 0 to 100, at most {TAX_RATE_PLACES} decimals; above 0 only for category S.")) = None
    category: Choice(TaxCategory, description=CATEGORY) = None
    exemption_reason: Text(limits.TAX_EXEMPTION_REASON, multiline=True, description=(
        "Printed on the invoice; required for E, AE, K, G and O, refused for S and Z.")) = None
    active: Flag("false archives the rate (no new item can use it); true restores it.") = None
    account: Text(limits.ACCOUNT, description=ACCOUNT) = None


class TaxRateCreate(TaxRateUpdate):
    """A new rate (active)."""
    name: Text(limits.TAX_RATE_NAME, required=True, nullable=False)
    percentage: Number(maximum=PERCENT, description=(
        f"Percent, 0 to 100, at most {TAX_RATE_PLACES} decimals; above 0 only for category S."))
    category: Choice(TaxCategory, description=CATEGORY + " Default S.") = None


class TaxRate(Output):
    id: PublicId("txr")
    name: str
    percentage: Amount(f"Percent, at most {TAX_RATE_PLACES} decimals.")
    category: TaxCategory
    exemption_reason: str | None
    active: bool
    account: str | None
    created_at: Timestamp
    updated_at: Timestamp


class TaxRateListParams(CursorParams):
    pass
