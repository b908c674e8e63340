"""GET /v1/exports?format=csv|xlsx|datev&from=YYYY-MM-DD&to=YYYY-MM-DD: the company's invoices,
credit notes, payments and refunds of the range as a file, streamed (DESIGN §19). Every member's
key may export; a refusal (a bad date, DATEV's missing numbers or accounts) is a 400 naming the
field before any byte of the file."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import request

from app.api.operations import operation
from app.exports import service
from app.exports.response import download
from app.exports.schemas import ExportParams


@operation("get", "/exports", "downloadExport", "Export the invoices, credit notes (negative), payments and refunds "
           "of a date range as CSV, XLSX or a DATEV Buchungsstapel; 400 names what is missing.",
           answers=tuple(service.MEDIA_TYPES.values()), reads=True, query=ExportParams)
def export(actor, body):
    return download(service.export(actor, request.args.to_dict(), created_at=datetime.now(timezone.utc)))
