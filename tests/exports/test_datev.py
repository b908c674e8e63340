"""The DATEV Buchungsstapel checked field by field against DATEV's published format (EXTF,
format version 700, category 21): the header line, the column line, one booking per tax rate
of each invoice and credit note (S for an invoice, H for a credit note, never a sign), the
accounts, Belegdatum as DDMM, decimal commas and CP1252 umlauts."""
from decimal import Decimal

from app.exports.datev import COLUMNS
from tests.exports.helpers import datev_lines, exported


def test_header_line_fields(books):
    header = datev_lines(exported(books.actor, "datev"))[0]
    assert len(header) == 31
    assert header[:6] == ["EXTF", "700", "21", "Buchungsstapel", "13", "20250502093015123"]  # pinned "Erzeugt am"
    assert header[7] == "RE"
    assert header[10:16] == ["29098", "55003", "20250101", "4", "20250401", "20250430"]
    assert header[16] == "Corebill 20250401-20250430"
    assert (header[18], header[19], header[20], header[21]) == ("1", "0", "0", "EUR")


def test_raw_header_and_column_line(books):
    data = exported(books.actor, "datev")
    first, second = data.split(b"\r\n")[:2]
    assert first.startswith(b'"EXTF";700;21;"Buchungsstapel";13;20250502093015123;;"RE";"";"";29098;55003;20250101;4;')
    assert second.decode("cp1252") == ";".join(COLUMNS)
    assert COLUMNS[:14] == ("Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs",
                            "Basis-Umsatz", "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)",
                            "BU-Schlüssel", "Belegdatum", "Belegfeld 1", "Belegfeld 2", "Skonto", "Buchungstext")


def test_one_booking_per_rate_with_accounts_sides_dates_and_decimal_commas(books):
    bookings = [line for line in datev_lines(exported(books.actor, "datev"))[2:] if line]
    picked = [(line[0], line[1], line[2], line[6], line[7], line[9], line[10], line[13]) for line in bookings]
    invoice, late, note = books.invoice.invoice_number, books.late.invoice_number, books.note.number
    assert picked[:2] == [("119,00", "S", "EUR", "10001", "8400", "1504", invoice, "Müller GmbH"),
                          ("22,47", "S", "EUR", "10001", "8300", "1504", invoice, "Müller GmbH")]
    assert ("23,80", "H", "EUR", "10002", "8400", "2804", note, "'=HYPERLINK(\"http://x\")") in picked
    assert ("119,00", "S", "EUR", "10002", "8400", "3004", late, "'=HYPERLINK(\"http://x\")") in picked
    refund_note = [entry for entry in picked if entry[6] not in (invoice, late, note)]
    assert [(entry[1], entry[4]) for entry in refund_note] == [("H", "8400"), ("H", "8300")]  # 11.90 split over both rates
    assert sum(Decimal(entry[0].replace(",", ".")) for entry in refund_note) == Decimal("11.90")
    assert all("-" not in entry[0] and "." not in entry[0] for entry in picked)
    assert books.may_invoice.invoice_number not in {entry[6] for entry in picked}  # 1 May: outside April
    assert books.draft.invoice_number not in {entry[6] for entry in picked}
    assert len(bookings) == 6  # payments and refunds are not bookings of this batch


def test_umlauts_are_written_in_cp1252(books):
    data = exported(books.actor, "datev")
    assert b'"M\xfcller GmbH"' in data
    assert "Gegenkonto (ohne BU-Schlüssel)".encode("cp1252") in data
