"""A document as the e-invoice formats see it: plain, frozen data, no models.

Decimals are exact; amounts are in the currency's major unit. One VAT category and rate per
line (EN 16931 allows no more); the document-level discount becomes one allowance per
category and rate. A credit note (type 381) names the invoice it corrects."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

INVOICE, CREDIT_NOTE = "380", "381"
# UNTDID 4461 payment means (BG-16): no account known, credit transfer, SEPA credit transfer
NOT_DEFINED, CREDIT_TRANSFER, SEPA_CREDIT_TRANSFER = "1", "30", "58"
# The address keys of the seller snapshot (COMMON.md); the buyer is described with the same keys.
ADDRESS_KEYS = ("address_line1", "address_line2", "city", "postal_code", "region", "country")


@dataclass(frozen=True)
class Party:
    name: str
    legal_name: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    vat_id: str | None = None
    email: str | None = None
    contact_name: str | None = None    # BT-41 (the seller's contact point)
    contact_phone: str | None = None   # BT-42
    peppol_id: str | None = None       # BT-34/BT-49 "scheme:identifier": the one given, else derived from the VAT id

    @property
    def registered_name(self) -> str:
        """The legal name when there is one (EN 16931 BT-27/BT-44), else the name."""
        return self.legal_name or self.name

    @property
    def trading_name(self) -> str | None:
        """The name when it differs from the legal name (BT-28/BT-45)."""
        return self.name if self.legal_name and self.legal_name != self.name else None


@dataclass(frozen=True)
class Account:
    """Where the buyer pays (BG-17): an IBAN, or another account number; the BIC, or for an
    account without one the national clearing code (a US routing number, a GB sort code)."""
    holder: str | None = None           # BT-85
    iban: str | None = None             # BT-84 with code 58
    account_number: str | None = None   # BT-84 with code 30
    bic: str | None = None              # BT-86
    clearing_code: str | None = None    # BT-86 when there is no BIC

    @property
    def means_code(self) -> str:
        """UNTDID 4461: 58 SEPA credit transfer for an IBAN, 30 credit transfer otherwise."""
        return SEPA_CREDIT_TRANSFER if self.iban else CREDIT_TRANSFER

    @property
    def identifier(self) -> str | None:
        return self.iban or self.account_number

    @property
    def institution(self) -> str | None:
        return self.bic or self.clearing_code


@dataclass(frozen=True)
class VatCategory:
    """UNCL5305 code (S, Z, E, AE, K, G, O), percentage, and the exemption reason E, AE, K, G
    and O need (EN 16931 BT-120)."""
    code: str
    percentage: Decimal
    exemption_reason: str | None = None

    @property
    def key(self) -> tuple[str, Decimal]:
        return (self.code, self.percentage.normalize())


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    quantity: Decimal
    net_price: Decimal     # per unit, without tax
    net_amount: Decimal    # the line's net (BT-131)
    vat: VatCategory
    description: str | None = None
    unit_code: str = "C62"  # UN/ECE Recommendation 20 ("one")


@dataclass(frozen=True)
class Allowance:
    """A document-level allowance (the discount's share at one category and rate)."""
    amount: Decimal
    vat: VatCategory
    reason: str = "Discount"


@dataclass(frozen=True)
class TaxSubtotal:
    vat: VatCategory
    taxable_amount: Decimal
    tax_amount: Decimal


@dataclass(frozen=True)
class Totals:
    line_total: Decimal         # BT-106, sum of the lines' nets
    allowance_total: Decimal    # BT-107
    tax_basis: Decimal          # BT-109, total without tax
    tax_total: Decimal          # BT-110
    grand_total: Decimal        # BT-112, total with tax
    prepaid: Decimal            # BT-113
    due: Decimal                # BT-115


@dataclass(frozen=True)
class Document:
    type_code: str              # INVOICE (380) or CREDIT_NOTE (381)
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[Line, ...]
    allowances: tuple[Allowance, ...]
    tax_subtotals: tuple[TaxSubtotal, ...]
    totals: Totals
    due_date: date | None = None
    supply_date: date | None = None
    supply_period: tuple[date, date] | None = None
    payment_terms: str | None = None
    buyer_reference: str | None = None
    note: str | None = None
    preceding_invoice: str | None = None         # a credit note's invoice number (BT-25)
    preceding_invoice_date: date | None = None   # and its issue date (BT-26)
    account: Account | None = None               # BG-17; None: payment means code 1
    payment_reference: str | None = None         # remittance information (BT-83)

    @property
    def payment_means_code(self) -> str:
        return self.account.means_code if self.account and self.account.identifier else NOT_DEFINED

    @property
    def is_credit_note(self) -> bool:
        return self.type_code == CREDIT_NOTE
