"""Shapes of the e-invoice download (DESIGN §14)."""
from __future__ import annotations

from app.schemas.common import Params, QueryChoice
from app.schemas.fields import named

EINVOICE_FORMATS = ("facturx", "xrechnung", "ubl")
EinvoiceFormat = named("EinvoiceFormat", EINVOICE_FORMATS)


class EinvoiceParams(Params):
    format: QueryChoice(EinvoiceFormat, "format",
                        "facturx: CII in the Factur-X / ZUGFeRD EN 16931 profile; xrechnung: XRechnung 3 (CII); "
                        "ubl: UBL 2.1 in Peppol BIS Billing 3.0.") = "facturx"
