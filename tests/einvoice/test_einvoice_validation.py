"""The offline checks can fail: a wrong total is a fatal business rule, an element out of
order is a schema error, an element EN 16931 does not use is a warning."""
from __future__ import annotations

from app.einvoice.cii import XRECHNUNG, build_cii
from app.einvoice.ubl import build_ubl
from app.einvoice.validation import CII, UBL_INVOICE, kind_of, validate
from tests.einvoice.cases import CASES


def test_a_tax_total_that_does_not_add_up_is_fatal_in_cii_and_ubl():
    document = CASES[1].document()
    cii = build_cii(document).replace(b'currencyID="EUR">18.78<', b'currencyID="EUR">18.79<')
    report = validate(cii)
    assert not report.schema_errors and not report.ok
    assert {"BR-CO-14", "BR-CO-15"} <= {failure.rule for failure in report.fatal}
    ubl = build_ubl(document).replace(b">129.78</cbc:TaxInclusiveAmount>", b">129.79</cbc:TaxInclusiveAmount>")
    assert "BR-CO-15" in {failure.rule for failure in validate(ubl).fatal}


def test_an_element_out_of_schema_order_is_a_schema_error():
    xml = build_ubl(CASES[0].document())
    start, end = xml.index(b"<cbc:DocumentCurrencyCode>"), xml.index(b"</cbc:DocumentCurrencyCode>") + 27
    moved = xml[:start] + xml[end:]
    moved = moved.replace(b"<cbc:ID>INV-2026-000042</cbc:ID>",
                          b"<cbc:ID>INV-2026-000042</cbc:ID>" + xml[start:end], 1)
    report = validate(moved)
    assert report.schema_errors and not report.ok


def test_warnings_are_reported_apart_and_do_not_fail():
    xml = build_ubl(CASES[0].document()).replace(
        b"<cbc:IssueDate>", b"<cbc:UUID>6a8e2b0c-2a38-4f5e-9d6e-111111111111</cbc:UUID><cbc:IssueDate>")
    report = validate(xml)
    assert report.ok and not report.fatal
    assert [failure.rule for failure in report.warnings] == ["UBL-CR-005"]


def test_the_xrechnung_guideline_is_checked_by_the_cen_rules_only():
    report = validate(build_cii(CASES[0].document(), XRECHNUNG))
    assert report.ok
    assert [failure.rule for failure in report.not_applicable] == ["FX-SCH-A-000556"]


def test_kinds():
    assert kind_of(build_cii(CASES[0].document())) == CII
    assert kind_of(build_ubl(CASES[0].document())) == UBL_INVOICE
