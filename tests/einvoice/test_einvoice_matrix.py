"""Every XML the product produces passes the schema and the EN 16931 schematron (0 fatal),
for invoices and credit notes over the DESIGN §14 matrix; the warnings are printed."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from lxml import etree

from app.einvoice.cii import FACTURX, XRECHNUNG, build_cii
from app.einvoice.document import CREDIT_NOTE, INVOICE
from app.einvoice.ubl import build_ubl
from app.einvoice.validation import validate
from tests.einvoice.cases import CASES

BUILDERS = {"facturx": lambda doc: build_cii(doc, FACTURX), "xrechnung": lambda doc: build_cii(doc, XRECHNUNG),
            "ubl": build_ubl}
CII_TOTALS = "{*}SupplyChainTradeTransaction/{*}ApplicableHeaderTradeSettlement/" \
             "{*}SpecifiedTradeSettlementHeaderMonetarySummation/{*}"


def _figure(xml: bytes, fmt: str, name: str) -> D:
    root = etree.fromstring(xml)
    if fmt == "ubl":
        return D(root.findtext({"grand": "{*}LegalMonetaryTotal/{*}TaxInclusiveAmount",
                                "tax": "{*}TaxTotal/{*}TaxAmount",
                                "due": "{*}LegalMonetaryTotal/{*}PayableAmount"}[name]))
    return D(root.findtext(CII_TOTALS + {"grand": "GrandTotalAmount", "tax": "TaxTotalAmount",
                                          "due": "DuePayableAmount"}[name]))


@pytest.mark.parametrize("fmt", list(BUILDERS))
@pytest.mark.parametrize("type_code", [INVOICE, CREDIT_NOTE])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_matrix_passes_schema_and_en16931_schematron(case, type_code, fmt):
    totals = case.totals()
    if case.expected_total is not None:
        assert totals.total == case.expected_total
    document = case.document(type_code)
    xml = BUILDERS[fmt](document)
    report = validate(xml)
    print(f"\n[{case.name} {type_code} {fmt}] " + report.summary())
    assert not report.schema_errors, report.summary()
    assert not report.fatal, report.summary()
    # The XML says what the product computed.
    assert _figure(xml, fmt, "grand") == totals.total
    assert _figure(xml, fmt, "tax") == totals.tax_amount
    assert _figure(xml, fmt, "due") == totals.total


def test_a_partly_paid_invoice_says_what_is_still_due():
    case = CASES[1]
    document = case.document(INVOICE, amount_paid=D("29.78"))
    for fmt, build in BUILDERS.items():
        xml = build(document)
        assert validate(xml).ok, validate(xml).summary()
        assert _figure(xml, fmt, "due") == D("100.00")


def test_credit_notes_name_the_invoice_they_correct():
    document = CASES[0].document(CREDIT_NOTE)
    cii = etree.fromstring(build_cii(document))
    assert cii.findtext("{*}ExchangedDocument/{*}TypeCode") == "381"
    assert cii.findtext(".//{*}InvoiceReferencedDocument/{*}IssuerAssignedID") == "INV-2026-000042"
    ubl = etree.fromstring(build_ubl(document))
    assert ubl.tag.endswith("}CreditNote")
    assert ubl.findtext("{*}CreditNoteTypeCode") == "381"
    assert ubl.findtext("{*}BillingReference/{*}InvoiceDocumentReference/{*}ID") == "INV-2026-000042"
    assert ubl.find("{*}CreditNoteLine/{*}CreditedQuantity") is not None


def test_amounts_are_written_with_the_currency_decimals_but_never_more_than_two():
    jpy = etree.fromstring(build_cii(next(case for case in CASES if case.name == "jpy").document()))
    assert jpy.findtext(CII_TOTALS + "GrandTotalAmount") == "4251"
    bhd = etree.fromstring(build_ubl(next(case for case in CASES if case.name == "bhd").document()))
    assert bhd.findtext("{*}LegalMonetaryTotal/{*}PayableAmount") == "27.50"
    eur = etree.fromstring(build_cii(CASES[1].document()))
    assert eur.findtext(CII_TOTALS + "AllowanceTotalAmount") == "10.00"


def test_matrix_figure(figure):
    """One line for the README: every XML of the matrix, its checks, and each warning."""
    reports = [validate(build(case.document(type_code)))
               for case in CASES for type_code in (INVOICE, CREDIT_NOTE) for build in BUILDERS.values()]
    warnings = sorted({failure.rule for report in reports for failure in report.warnings})
    schema_errors = sum(len(report.schema_errors) for report in reports)
    fatal = sum(len(report.fatal) for report in reports)
    figure("einvoice-matrix", f"{len(reports)} XML documents ({len(CASES)} cases x invoice and credit note x "
                              f"Factur-X CII, XRechnung CII, UBL): {schema_errors} schema errors, {fatal} fatal, "
                              f"{sum(len(report.warnings) for report in reports)} warnings {warnings or ''}".rstrip())
    assert schema_errors == 0 and fatal == 0
