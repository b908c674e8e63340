"""Peppol BIS Billing 3.0 rules (DESIGN §15), checked offline on a UBL invoice or credit note.

The official Peppol schematron is not available offline (no package on PyPI ships it), so this
module states, from the BIS Billing 3.0 specification, the rules that concern what the product
writes; the CEN rules (EN 16931) are run by :mod:`app.einvoice.validation`, and the German
KoSIT rules by :mod:`tests.support.kosit`. It is not the full Peppol rule set: rules about
elements the product never writes (attachments, direct debit mandates, tax currency, line
periods, …) are left out.

Rules stated here:

- PEPPOL-EN16931-R001: the business process (ProfileID) is given, and is BIS 3's billing
  process ``urn:fdc:peppol.eu:2017:poacc:billing:01:1.0``;
- PEPPOL-EN16931-R004: the specification identifier (CustomizationID) is BIS Billing 3.0's;
- PEPPOL-EN16931-R002: at most one note at document level (unless the seller is German);
- PEPPOL-EN16931-R003: a buyer reference or an order reference is given;
- PEPPOL-EN16931-R010 / R020: the buyer's / the seller's electronic address (EndpointID) is given;
- PEPPOL-EN16931-CL008: every EndpointID's schemeID is a code of the Peppol EAS list (which has
  no ``EM``), stated below on its own rather than taken from :mod:`app.peppol_ids`;
- PEPPOL-COMMON-R043: an identifier in scheme 0208 (Belgian enterprise number) is ten digits
  whose last two are 97 minus the first eight modulo 97;
- PEPPOL-EN16931-R053: exactly one TaxTotal with tax subtotals;
- PEPPOL-EN16931-P0100 / P0101: the invoice type code is 380 and the credit note type code 381
  (the codes the product uses; BIS allows a few more);
- PEPPOL-EN16931-R008: no empty element;
- the German rules of BIS 3 when the seller is in Germany: DE-R-001 payment instructions,
  DE-R-002 the seller contact, DE-R-003/004 the seller's city and post code, DE-R-005/006/007
  the seller contact's name, telephone and email, DE-R-008/009 the buyer's city and post code,
  DE-R-015 the buyer reference, DE-R-016 the seller's VAT id (or tax registration);
- DE-R-023 (payment means): with code 30 or 58 the payee's account (BT-84) is given, and with
  58 it is an IBAN (letters, two check digits, the mod-97 check).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}
SPECIFICATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


def _codes(*groups: str) -> frozenset[str]:
    found: set[str] = set()
    for group in groups:
        for token in group.split():
            if "-" in token:
                first, last = token.split("-")
                found.update(f"{number:04d}" for number in range(int(first), int(last) + 1))
            else:
                found.add(token)
    return frozenset(found)


# The Electronic Address Scheme codes Peppol accepts (code list CL008 of BIS Billing 3.0), written
# from the Peppol code list: ICD-based codes, the national VAT schemes 99xx, and the four letters
# codes; the e-mail scheme EM is not a Peppol address.
PEPPOL_EAS = _codes(
    "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177",
    "0183 0184 0188 0190-0196 0198-0205 0208-0213 0215-0221 0225 0230 0235 0240 0242 0244 0245 0246 0248",
    "9910 9913 9914 9915 9918 9919 9920 9922-9953 9957 9959",
    "AN AQ AS AU",
)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def _text(node, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        return False
    digits = "".join(str(int(char, 36)) for char in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _enterprise_number_ok(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{10}", value)) and 97 - int(value[:8]) % 97 == int(value[8:])


def check(xml: bytes) -> list[Violation]:
    """Every rule of this module that ``xml`` (a UBL Invoice or CreditNote) breaks."""
    root = etree.fromstring(xml)
    credit = root.tag.endswith("}CreditNote")
    found: list[Violation] = []

    def rule(ok: bool, name: str, message: str) -> None:
        if not ok:
            found.append(Violation(name, message))

    rule(_text(root, "cbc:ProfileID") == PROCESS, "PEPPOL-EN16931-R001",
         "Business process MUST be provided (BIS 3 billing process).")
    rule(_text(root, "cbc:CustomizationID") == SPECIFICATION, "PEPPOL-EN16931-R004",
         "Specification identifier MUST be BIS Billing 3.0's.")
    seller = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    seller_country = _text(seller, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") if seller is not None else ""
    german = seller_country == "DE"
    rule(german or len(root.findall("cbc:Note", NS)) <= 1, "PEPPOL-EN16931-R002",
         "No more than one note is allowed on document level.")
    rule(bool(_text(root, "cbc:BuyerReference") or _text(root, "cac:OrderReference/cbc:ID")), "PEPPOL-EN16931-R003",
         "A buyer reference or purchase order reference MUST be provided.")
    for name, party, label in (("PEPPOL-EN16931-R020", seller, "Seller"), ("PEPPOL-EN16931-R010", buyer, "Buyer")):
        endpoint = party.find("cbc:EndpointID", NS) if party is not None else None
        rule(endpoint is not None and bool((endpoint.text or "").strip()), name,
             f"{label} electronic address MUST be provided.")
    for endpoint in root.iterfind(".//cbc:EndpointID", NS):
        scheme = endpoint.get("schemeID") or ""
        rule(scheme in PEPPOL_EAS, "PEPPOL-EN16931-CL008",
             f"Electronic address identifier scheme {scheme!r} is not in the Peppol EAS list.")
        if scheme == "0208":
            rule(_enterprise_number_ok((endpoint.text or "").strip()), "PEPPOL-COMMON-R043",
                 "A Belgian enterprise number (0208) MUST be ten digits with a valid mod-97 check.")
    with_subtotals = [total for total in root.findall("cac:TaxTotal", NS) if total.find("cac:TaxSubtotal", NS) is not None]
    rule(len(with_subtotals) == 1, "PEPPOL-EN16931-R053", "Only one tax total with tax subtotals MUST be provided.")
    if credit:
        rule(_text(root, "cbc:CreditNoteTypeCode") == "381", "PEPPOL-EN16931-P0101",
             "Credit note type code MUST be a credit note code.")
    else:
        rule(_text(root, "cbc:InvoiceTypeCode") == "380", "PEPPOL-EN16931-P0100",
             "Invoice type code MUST be an invoice code.")
    empty = [element for element in root.iter() if isinstance(element.tag, str) and len(element) == 0
             and not (element.text or "").strip()]
    rule(not empty, "PEPPOL-EN16931-R008", "Document MUST not contain empty elements.")
    means = root.findall("cac:PaymentMeans", NS)
    for element in means:
        code = _text(element, "cbc:PaymentMeansCode")
        account = _text(element, "cac:PayeeFinancialAccount/cbc:ID")
        if code in ("30", "58"):
            rule(bool(account), "DE-R-023", "With payment means 30 or 58 the payee's account (BT-84) MUST be given.")
        if code == "58":
            rule(_iban_ok(account), "DE-R-019", "With payment means 58 the account (BT-84) MUST be a valid IBAN.")
    if german:
        contact = seller.find("cac:Contact", NS)
        rule(bool(means), "DE-R-001", "Payment instructions (BG-16) MUST be provided.")
        rule(contact is not None, "DE-R-002", "The seller contact (BG-6) MUST be provided.")
        rule(bool(_text(seller, "cac:PostalAddress/cbc:CityName")), "DE-R-003", "The seller city MUST be provided.")
        rule(bool(_text(seller, "cac:PostalAddress/cbc:PostalZone")), "DE-R-004",
             "The seller post code MUST be provided.")
        rule(bool(_text(seller, "cac:Contact/cbc:Name")), "DE-R-005", "The seller contact point (BT-41) MUST be provided.")
        rule(bool(_text(seller, "cac:Contact/cbc:Telephone")), "DE-R-006",
             "The seller contact telephone number (BT-42) MUST be provided.")
        rule(bool(_text(seller, "cac:Contact/cbc:ElectronicMail")), "DE-R-007",
             "The seller contact email address (BT-43) MUST be provided.")
        rule(bool(_text(buyer, "cac:PostalAddress/cbc:CityName")), "DE-R-008", "The buyer city MUST be provided.")
        rule(bool(_text(buyer, "cac:PostalAddress/cbc:PostalZone")), "DE-R-009", "The buyer post code MUST be provided.")
        rule(bool(_text(root, "cbc:BuyerReference")), "DE-R-015", "The buyer reference (BT-10) MUST be provided.")
        rule(bool(_text(seller, "cac:PartyTaxScheme/cbc:CompanyID")), "DE-R-016",
             "The seller VAT identifier or tax registration MUST be provided.")
    return found
