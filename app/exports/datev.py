"""The DATEV export: an EXTF "Buchungsstapel" (booking batch) in DATEV's format version 700,
category 21, written with the standard ``csv`` module in Windows-1252 (CP1252), ``;`` between
fields, text in double quotes, numbers and codes bare, CRLF line ends.

Line 1 is the header (31 fields: "EXTF", 700, 21, "Buchungsstapel", the category's format
version, when the file was made, …, consultant and client numbers, the fiscal year's start, the
length of the ledger accounts, the date range, a label, booking type 1 = financial accounting,
the currency); line 2 names the columns; then one booking per tax rate of each invoice and
credit note: the rate's gross amount (taxable + tax; a decimal comma, never a sign), ``S`` for an
invoice and ``H`` for a credit note on the customer's debtor account (Konto), the rate's revenue
account as the contra account (Gegenkonto; no BU-Schlüssel: DATEV's automatic revenue
accounts carry their tax), the document date as DDMM, the document's number as Belegfeld 1 and
the customer's name (at most 60 characters) as the booking text. The file holds the batch's
first 14 columns, up to the booking text, which is all these bookings fill: DATEV reads the
columns it finds in their fixed order. A booking of 0 (a rate entirely discounted) is left out:
DATEV refuses an amount of 0. The fiscal year is taken to be the calendar year of the range.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from app.exports.cells import neutralised
from app.exports.rows import RateColumn, Row

ENCODING = "cp1252"
FORMAT_VERSION = 700
CATEGORY = 21
FORMAT_NAME = "Buchungsstapel"
CATEGORY_VERSION = 13  # the Buchungsstapel's own version within format 700
ORIGIN = "RE"  # Herkunft: two letters naming the kind of system the data comes from
BOOKING_TYPE = 1  # Finanzbuchführung
TEXT_LENGTH = 60  # Buchungstext
LABEL_LENGTH = 30  # Bezeichnung
COLUMNS = ("Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz",
           "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum", "Belegfeld 1",
           "Belegfeld 2", "Skonto", "Buchungstext")
CHUNK_ROWS = 500


class Bare(str):
    """A field DATEV reads as a number, a date or a code: written without quotes (the writer's
    QUOTE_NONNUMERIC quotes every plain string, and leaves whatever counts as a number bare)."""

    def __float__(self):  # makes the csv module take it for a number; never called
        raise TypeError("a DATEV field, not a number")


EMPTY = Bare("")  # an empty field, without quotes (a None would be written as "")


@dataclass(frozen=True)
class Batch:
    consultant_number: int
    client_number: int
    start: date
    end: date
    currency: str
    created_at: datetime  # "Erzeugt am": the only moment in the file, passed in so that tests can pin it


def amount_text(amount) -> Bare:
    return Bare(format(abs(amount), "f").replace(".", ","))


def header_fields(batch: Batch, account_length: int) -> list:
    fiscal_year_start = date(batch.start.year, 1, 1)
    stamp = batch.created_at.strftime("%Y%m%d%H%M%S") + f"{batch.created_at.microsecond // 1000:03d}"
    label = f"Corebill {batch.start:%Y%m%d}-{batch.end:%Y%m%d}"[:LABEL_LENGTH]
    return ["EXTF", FORMAT_VERSION, CATEGORY, FORMAT_NAME, CATEGORY_VERSION, Bare(stamp), EMPTY, ORIGIN, "", "",
            batch.consultant_number, batch.client_number, Bare(f"{fiscal_year_start:%Y%m%d}"), account_length,
            Bare(f"{batch.start:%Y%m%d}"), Bare(f"{batch.end:%Y%m%d}"), label, "", BOOKING_TYPE, 0, 0, batch.currency,
            EMPTY, "", EMPTY, EMPTY, "", EMPTY, EMPTY, EMPTY, ""]


def bookings(row: Row, rates: list[RateColumn]) -> Iterator[list]:
    """One booking per rate of an invoice or credit note, in the order of the file's rate columns."""
    if row.kind not in ("invoice", "credit_note"):
        return
    side = "S" if row.kind == "invoice" else "H"
    for rate in rates:
        pair = row.taxes.get(rate.key)
        if pair is None or pair[0] + pair[1] == 0:
            continue
        yield [amount_text(pair[0] + pair[1]), side, row.currency, EMPTY, EMPTY, EMPTY, Bare(row.account_number or ""),
               Bare(rate.account or ""), "", Bare(f"{row.day:%d%m}"), row.number or "", "", EMPTY,
               neutralised((row.customer_name or "")[:TEXT_LENGTH])]


def account_length(rates: list[RateColumn]) -> int:
    """Sachkontenlänge: the digits of the revenue accounts used (DATEV allows 4 to 8)."""
    return min(max([4, *(len(rate.account or "") for rate in rates)]), 8)


def chunks(rows: Iterable[Row], rates: list[RateColumn], batch: Batch) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(header_fields(batch, account_length(rates)))
    writer.writerow([Bare(name) for name in COLUMNS])
    written = 0
    for row in rows:
        for booking in bookings(row, rates):
            writer.writerow(booking)
            written += 1
            if written % CHUNK_ROWS == 0:
                yield buffer.getvalue().encode(ENCODING, errors="replace")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode(ENCODING, errors="replace")
