"""One entry for the three formats: ``build(document, "facturx" | "xrechnung" | "ubl")``."""
from __future__ import annotations

from app.einvoice.cii import FACTURX, XRECHNUNG, build_cii
from app.einvoice.document import Document
from app.einvoice.ubl import build_ubl

UBL = "ubl"
FORMATS = (FACTURX, XRECHNUNG, UBL)


def build(document: Document, format_: str) -> bytes:
    if format_ == UBL:
        return build_ubl(document)
    if format_ in (FACTURX, XRECHNUNG):
        return build_cii(document, format_)
    raise ValueError(f"Unknown e-invoice format {format_!r}; expected one of {', '.join(FORMATS)}.")


def filename(document: Document, format_: str) -> str:
    suffix = {FACTURX: "factur-x", XRECHNUNG: "xrechnung", UBL: "ubl"}[format_]
    return f"{document.number}-{suffix}.xml"
