"""Shapes of ``GET /v1/exports`` (DESIGN §19): the format and the date range."""
from __future__ import annotations

from pydantic import Field

from app.exports.service import FORMATS
from app.schemas.common import Params, QueryChoice, QueryDate
from app.schemas.fields import named

ExportFormat = named("ExportFormat", FORMATS)


class ExportParams(Params):
    format: QueryChoice(ExportFormat, "format", (
        "csv: UTF-8 with a BOM, ';' and a decimal comma where the company's locale writes one, else ',' and a point; "
        "xlsx: numeric cells; datev: a DATEV EXTF Buchungsstapel (format 700, category 21, CP1252), which needs the "
        "company's DATEV numbers, every customer's account_number and every used tax rate's account."))
    from_: QueryDate("from", "The first day (YYYY-MM-DD), included: invoices and credit notes by issue date, "
                             "payments and refunds by their date.") = Field(alias="from")
    to: QueryDate("to", "The last day (YYYY-MM-DD), included.")
