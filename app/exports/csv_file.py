"""The CSV export: UTF-8 with a byte order mark (so that spreadsheets read it as UTF-8), ``;``
and a decimal comma where the company's locale writes a decimal comma, else ``,`` and a point;
dates as YYYY-MM-DD; no thousands separators, no currency symbols. Written in chunks of
:data:`CHUNK_ROWS` rows."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from babel.numbers import get_decimal_symbol

from app.exports import cells
from app.exports.rows import RateColumn, Row

CHUNK_ROWS = 500
BOM = "\ufeff"


def writes_decimal_comma(locale: str) -> bool:
    try:
        return get_decimal_symbol(locale or "en_US") == ","
    except (ValueError, LookupError):
        return False


def chunks(rows: Iterable[Row], rates: list[RateColumn], locale: str) -> Iterator[bytes]:
    comma = writes_decimal_comma(locale)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if comma else ",", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(cells.header(rates))
    for index, row in enumerate(rows, 1):
        amounts = ["" if amount is None else cells.decimal_text(amount, comma) for amount in cells.amounts(row, rates)]
        writer.writerow([*cells.texts(row), row.day.isoformat(), *cells.after_date(row), *amounts])
        if index % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
