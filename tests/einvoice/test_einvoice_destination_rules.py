"""Every e-invoice passes the rules of the place it goes to (DESIGN §15): the XRechnung (CII) and
the UBL against the German KoSIT XRechnung 3 schematron, the UBL against the Peppol BIS
Billing 3.0 rules stated in tests/support/peppol_rules.py; and those checks do fail when a rule
is broken."""
from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from app.einvoice.cii import XRECHNUNG, build_cii
from app.einvoice.document import CREDIT_NOTE, INVOICE, Account
from app.einvoice.ubl import build_ubl
from app.einvoice.validation import validate
from app.peppol_ids import EAS_CODES
from tests.einvoice.cases import CASES, SELLER
from tests.support import kosit, peppol_rules

BY_NAME = {case.name: case for case in CASES}
DOCUMENTS = [(case, type_code) for case in CASES for type_code in (INVOICE, CREDIT_NOTE)]
# The UBL is Peppol BIS 3, not the XRechnung CIUS: the KoSIT rules warn that its specification
# identifier is not XRechnung's, which is what it should be.
EXPECTED_UBL_WARNINGS = {"BR-DE-21"}


def _xml(case, type_code, syntax: str) -> bytes:
    document = case.document(type_code)
    return build_cii(document, XRECHNUNG) if syntax == "cii" else build_ubl(document)


@pytest.mark.parametrize("syntax", ["cii", "ubl"])
@pytest.mark.parametrize(("case", "type_code"), DOCUMENTS, ids=[f"{case.name}-{code}" for case, code in DOCUMENTS])
def test_the_matrix_passes_the_kosit_xrechnung_rules(case, type_code, syntax):
    report = kosit.check(_xml(case, type_code, syntax))
    assert not report.fatal, report.summary()
    assert {failure.rule for failure in report.warnings} <= (EXPECTED_UBL_WARNINGS if syntax == "ubl" else set()), \
        report.summary()


@pytest.mark.parametrize(("case", "type_code"), DOCUMENTS, ids=[f"{case.name}-{code}" for case, code in DOCUMENTS])
def test_the_matrix_passes_the_peppol_rules(case, type_code):
    violations = peppol_rules.check(_xml(case, type_code, "ubl"))
    assert violations == [], "\n".join(map(str, violations))


def test_destination_figure(figure):
    """One line for the README: the documents, and what each rule set found."""
    kosit_reports = [kosit.check(_xml(case, type_code, syntax))
                     for case, type_code in DOCUMENTS for syntax in ("cii", "ubl")]
    peppol = [peppol_rules.check(_xml(case, type_code, "ubl")) for case, type_code in DOCUMENTS]
    warnings = sorted({failure.rule for report in kosit_reports for failure in report.warnings})
    fatal = sum(len(report.fatal) for report in kosit_reports)
    violations = sum(len(found) for found in peppol)
    figure("einvoice-destination-rules",
           f"{len(kosit_reports)} XML documents ({len(CASES)} cases x invoice and credit note x XRechnung CII, "
           f"UBL) under the KoSIT XRechnung 3 rules: {fatal} fatal, "
           f"{sum(len(report.warnings) for report in kosit_reports)} warnings {warnings}; {len(peppol)} UBL "
           f"under the Peppol BIS 3 rules stated offline: {violations} violations")
    assert fatal == 0 and violations == 0


# --- the checks fail when a rule is broken ---------------------------------------------------

def test_kosit_refuses_an_xrechnung_without_the_seller_contact():
    seller = dataclasses.replace(SELLER, contact_name=None, contact_phone=None)
    document = dataclasses.replace(CASES[0].document(), seller=seller)
    xml = build_cii(document, XRECHNUNG)
    assert validate(xml).ok  # EN 16931 does not ask for it …
    assert {"BR-DE-5", "BR-DE-6"} <= kosit.check(xml).rules  # … Germany does
    assert {"BR-DE-5", "BR-DE-6"} <= kosit.check(build_ubl(document)).rules
    assert {"DE-R-005", "DE-R-006"} <= {found.rule for found in peppol_rules.check(build_ubl(document))}


def test_kosit_refuses_an_xrechnung_without_the_buyer_reference():
    document = dataclasses.replace(CASES[0].document(), buyer_reference=None)
    assert "BR-DE-15" in kosit.check(build_cii(document, XRECHNUNG)).rules


def test_the_peppol_check_refuses_an_email_endpoint_and_the_ubl_never_writes_one():
    xml = _xml(CASES[0], INVOICE, "ubl")
    assert b'schemeID="EM"' not in xml
    forged = xml.replace(b'<cbc:EndpointID schemeID="9957">FR40303265045</cbc:EndpointID>',
                         b'<cbc:EndpointID schemeID="EM">ap@client.example</cbc:EndpointID>')
    assert forged != xml
    assert [found.rule for found in peppol_rules.check(forged)] == ["PEPPOL-EN16931-CL008"]


def test_without_peppol_ids_the_ubl_has_no_endpoint_and_the_peppol_check_says_so():
    document = CASES[0].document()
    document = dataclasses.replace(document, seller=dataclasses.replace(document.seller, peppol_id=None),
                                   buyer=dataclasses.replace(document.buyer, peppol_id=None))
    xml = build_ubl(document)
    assert b"EndpointID" not in xml
    assert validate(xml).ok
    assert {found.rule for found in peppol_rules.check(xml)} == {"PEPPOL-EN16931-R010", "PEPPOL-EN16931-R020"}
    # The XRechnung may fall back on the email (scheme EM).
    cii = etree.fromstring(build_cii(document, XRECHNUNG))
    address = cii.find(".//{*}SellerTradeParty/{*}URIUniversalCommunication/{*}URIID")
    assert (address.get("schemeID"), address.text) == ("EM", SELLER.email)
    assert not kosit.check(build_cii(document, XRECHNUNG)).fatal


def test_the_peppol_check_refuses_a_bad_enterprise_number_and_a_bad_iban():
    xml = _xml(BY_NAME["belgian-buyer-0208"], INVOICE, "ubl")
    assert b'<cbc:EndpointID schemeID="0208">0403019261</cbc:EndpointID>' in xml
    assert [found.rule for found in peppol_rules.check(xml.replace(b">0403019261<", b">0403019262<"))] \
        == ["PEPPOL-COMMON-R043"]
    assert "DE-R-019" in {found.rule for found in peppol_rules.check(
        xml.replace(b">DE89370400440532013000<", b">DE89370400440532013001<"))}


def test_the_stated_eas_list_and_the_products_list_agree():
    """Written apart (the test's from the Peppol list, the product's in app/peppol_ids.py), so a
    code one of them lacks shows here."""
    assert peppol_rules.PEPPOL_EAS == EAS_CODES
    assert "EM" not in peppol_rules.PEPPOL_EAS


# --- payment means (BG-16) -------------------------------------------------------------------

CII_MEANS = ".//{*}SpecifiedTradeSettlementPaymentMeans/"


def test_an_iban_account_is_a_sepa_credit_transfer_with_the_reference():
    document = BY_NAME["bank-account-rf-reference"].document()
    cii = etree.fromstring(build_cii(document, XRECHNUNG))
    assert cii.findtext(CII_MEANS + "{*}TypeCode") == "58"
    assert cii.findtext(CII_MEANS + "{*}PayeePartyCreditorFinancialAccount/{*}IBANID") == "DE89370400440532013000"
    assert cii.findtext(CII_MEANS + "{*}PayeePartyCreditorFinancialAccount/{*}AccountName") == "Nordlicht Software GmbH"
    assert cii.findtext(CII_MEANS + "{*}PayeeSpecifiedCreditorFinancialInstitution/{*}BICID") == "COBADEFFXXX"
    assert cii.findtext(".//{*}ApplicableHeaderTradeSettlement/{*}PaymentReference") == "RF54INV2026000042"
    assert cii.findtext(".//{*}SpecifiedTradePaymentTerms/{*}Description") == "Net 30"
    ubl = etree.fromstring(build_ubl(document))
    assert ubl.findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "58"
    assert ubl.findtext("{*}PaymentMeans/{*}PaymentID") == "RF54INV2026000042"
    assert ubl.findtext("{*}PaymentMeans/{*}PayeeFinancialAccount/{*}ID") == "DE89370400440532013000"
    assert ubl.findtext("{*}PaymentMeans/{*}PayeeFinancialAccount/{*}Name") == "Nordlicht Software GmbH"
    assert ubl.findtext("{*}PaymentMeans/{*}PayeeFinancialAccount/{*}FinancialInstitutionBranch/{*}ID") \
        == "COBADEFFXXX"
    assert ubl.findtext("{*}PaymentTerms/{*}Note") == "Net 30"


def test_an_account_without_iban_is_a_credit_transfer_and_no_account_is_code_1():
    document = BY_NAME["account-number-routing-number"].document()
    cii = etree.fromstring(build_cii(document, XRECHNUNG))
    assert cii.findtext(CII_MEANS + "{*}TypeCode") == "30"
    assert cii.findtext(CII_MEANS + "{*}PayeePartyCreditorFinancialAccount/{*}ProprietaryID") == "000123456789"
    assert cii.find(CII_MEANS + "{*}PayeePartyCreditorFinancialAccount/{*}IBANID") is None
    assert etree.fromstring(build_ubl(document)).findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "30"
    plain = CASES[0].document()
    assert plain.account is None
    assert etree.fromstring(build_cii(plain, XRECHNUNG)).findtext(CII_MEANS + "{*}TypeCode") == "1"
    assert etree.fromstring(build_ubl(plain)).findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "1"
    empty = dataclasses.replace(plain, account=Account("Nobody"))  # an account without a number is none
    assert etree.fromstring(build_ubl(empty)).findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "1"


def test_the_seller_contact_is_written_in_both_syntaxes():
    document = CASES[0].document()
    cii = etree.fromstring(build_cii(document, XRECHNUNG))
    contact = cii.find(".//{*}SellerTradeParty/{*}DefinedTradeContact")
    assert contact.findtext("{*}PersonName") == "Anna Schmidt"
    assert contact.findtext("{*}TelephoneUniversalCommunication/{*}CompleteNumber") == "+49 30 1234567"
    assert contact.findtext("{*}EmailURIUniversalCommunication/{*}URIID") == "billing@nordlicht.example"
    address = cii.find(".//{*}SellerTradeParty/{*}URIUniversalCommunication/{*}URIID")
    assert (address.get("schemeID"), address.text) == ("9930", "DE123456789")
    ubl = etree.fromstring(build_ubl(document))
    party = ubl.find("{*}AccountingSupplierParty/{*}Party")
    assert (party.findtext("{*}Contact/{*}Name"), party.findtext("{*}Contact/{*}Telephone"),
            party.findtext("{*}Contact/{*}ElectronicMail")) == ("Anna Schmidt", "+49 30 1234567",
                                                                 "billing@nordlicht.example")
    assert party.find("{*}EndpointID").get("schemeID") == "9930"
