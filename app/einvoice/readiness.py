"""What the e-invoice formats need and a document lacks (DESIGN §14), from plain facts, so
the dashboard can list it before sending and the API can name it in a 409.

Each gap names a field (``seller.vat_id``, ``items[2].tax_rates``, …), says what is wrong and
which formats it stops. An empty list means every format can be built."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.einvoice.amounts import fits, places
from app.einvoice.document import Party, VatCategory
from app.i18n import _, _l

FORMATS = ("facturx", "xrechnung", "ubl")
ALL = FORMATS
ZERO_RATED = frozenset(("Z", "E", "AE", "K", "G", "O"))
NEEDS_REASON = frozenset(("E", "AE", "K", "G", "O"))
NEEDS_BUYER_VAT = frozenset(("AE", "K"))


@dataclass(frozen=True)
class Facts:
    seller: Party
    buyer: Party
    line_rates: tuple[tuple[VatCategory, ...], ...]   # each line's rates (EN 16931: exactly one)
    amounts: tuple[Decimal, ...]                       # every amount the XML would carry
    currency: str
    buyer_reference: str | None = None
    missing_account: bool = False   # an invoice that names no bank account (payment means code 1)


@dataclass(frozen=True)
class Gap:
    field: str
    message: str
    formats: tuple[str, ...] = ALL

    def as_json(self) -> dict:
        return {"field": self.field, "message": self.message, "formats": list(self.formats)}


# What a party's address lacks, per party (each sentence whole, for the translators).
ADDRESS_GAPS = {
    "seller": {"address_line1": _l("The seller's street address is missing."),
               "city": _l("The seller's city is missing."),
               "postal_code": _l("The seller's postal code is missing (XRechnung needs it)."),
               "country": _l("The seller's country is missing.")},
    "buyer": {"address_line1": _l("The buyer's street address is missing."),
              "city": _l("The buyer's city is missing."),
              "postal_code": _l("The buyer's postal code is missing (XRechnung needs it)."),
              "country": _l("The buyer's country is missing.")},
}


def _address(prefix: str, party: Party, label: str) -> list[Gap]:
    gaps, said = [], ADDRESS_GAPS[label]
    if not party.address_line1:
        gaps.append(Gap(f"{prefix}.address_line1", str(said["address_line1"])))
    if not party.city:
        gaps.append(Gap(f"{prefix}.city", str(said["city"])))
    if not party.postal_code:
        gaps.append(Gap(f"{prefix}.postal_code", str(said["postal_code"]), ("xrechnung",)))
    if not party.country:
        gaps.append(Gap(f"{prefix}.country", str(said["country"])))
    return gaps


def _rates(line_rates) -> list[Gap]:
    gaps = []
    for index, rates in enumerate(line_rates):
        field = f"items[{index}].tax_rates"
        if len(rates) != 1:
            gaps.append(Gap(field, _("Item %(number)s carries %(count)s tax rates; each line needs exactly one VAT rate.",
                                   number=index + 1, count=len(rates))))
            continue
        vat = rates[0]
        if vat.code == "S" and vat.percentage <= 0:
            gaps.append(Gap(field, _("Item %(number)s: a standard-rated (S) line needs a rate above 0 %%.",
                                   number=index + 1)))
        if vat.code in ZERO_RATED and vat.percentage != 0:
            gaps.append(Gap(field, _("Item %(number)s: category %(code)s needs a 0 %% rate.", number=index + 1,
                                   code=vat.code)))
        if vat.code in NEEDS_REASON and not vat.exemption_reason:
            gaps.append(Gap(field, _("Item %(number)s: category %(code)s needs an exemption reason.",
                                   number=index + 1, code=vat.code)))
    return gaps


def gaps(facts: Facts) -> list[Gap]:
    """Everything the formats need and ``facts`` lack."""
    found: list[Gap] = []
    if not facts.seller.name:
        found.append(Gap("seller.name", _("The seller's name is missing.")))
    found += _address("seller", facts.seller, "seller")
    if not facts.seller.vat_id:
        found.append(Gap("seller.vat_id", _("The seller's VAT id is missing.")))
    if not facts.buyer.name:
        found.append(Gap("buyer.name", _("The buyer's name is missing.")))
    found += _address("buyer", facts.buyer, "buyer")
    codes = {vat.code for rates in facts.line_rates for vat in rates}
    if codes & NEEDS_BUYER_VAT and not facts.buyer.vat_id:
        found.append(Gap("buyer.vat_id", _("Reverse charge and intra-EU supplies need the buyer's VAT id.")))
    if not facts.line_rates:
        found.append(Gap("items", _("The document has no items.")))
    found += _rates(facts.line_rates)
    if not all(fits(amount, facts.currency) for amount in facts.amounts):
        found.append(Gap("amounts", _("EN 16931 allows at most %(places)s decimals: an amount in "
                                      "%(currency)s has more.", places=places(facts.currency),
                                      currency=facts.currency)))
    if not facts.buyer_reference:
        found.append(Gap("buyer_reference", _("XRechnung needs the buyer reference (e.g. the Leitweg-ID)."),
                         ("xrechnung",)))
    found += _contact_and_addresses(facts)
    return found


def _contact_and_addresses(facts: Facts) -> list[Gap]:
    """XRechnung's seller contact (BR-DE-5/6/7) and the buyer's electronic address (its Peppol id or,
    in XRechnung only, its email: PEPPOL-EN16931-R010 in the KoSIT rules), and Peppol's electronic addresses
    (PEPPOL-EN16931-R010/R020: a Peppol id given, or derived from the VAT id; never an email)."""
    found = []
    seller, buyer = facts.seller, facts.buyer
    if not seller.contact_name:
        found.append(Gap("seller.contact_name", _("The seller's contact name is missing (Settings → Company)."),
                         ("xrechnung",)))
    if not seller.contact_phone:
        found.append(Gap("seller.contact_phone", _("The seller's contact phone is missing (Settings → Company)."),
                         ("xrechnung",)))
    if not seller.email:
        found.append(Gap("seller.email", _("The seller's email is missing (Settings → Company)."), ("xrechnung",)))
    if not buyer.peppol_id and not buyer.email:
        found.append(Gap("buyer.email", _("XRechnung needs the buyer's electronic address: its Peppol id or its "
                                          "billing email (the customer's page)."), ("xrechnung",)))
    if not seller.peppol_id:
        found.append(Gap("seller.peppol_id", _("The seller's Peppol id is missing and its VAT id gives none "
                                               "(Settings → Company)."), ("ubl",)))
    if not buyer.peppol_id:
        found.append(Gap("buyer.peppol_id", _("The buyer's Peppol id is missing and its VAT id gives none "
                                              "(the customer's page)."), ("ubl",)))
    return found


def notes(facts: Facts) -> list[Gap]:
    """What the formats can do without but the buyer would miss: no bank account means the
    e-invoice says only "instrument not defined" (payment means code 1). Notes never stop a format."""
    if facts.missing_account:
        return [Gap("bank_account", _("No bank account in the invoice's currency: the e-invoice cannot say where to "
                                      "pay (payment means code 1). Add one under Settings → Payments."))]
    return []


def gaps_for(found: list[Gap], format_: str) -> list[Gap]:
    return [gap for gap in found if format_ in gap.formats]
