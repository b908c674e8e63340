"""The writers on their own: neutralised text, decimal text, the CSV's BOM and separators, the
XLSX's numeric cells, DATEV's bare and quoted fields and its CP1252 umlauts."""
import io
from datetime import date, datetime, timezone
from decimal import Decimal

from openpyxl import load_workbook

from app.exports import cells, csv_file, datev, xlsx_file
from app.exports.rows import RateColumn, Row

RATE = RateColumn("txr_000000000001", "USt 19 %", Decimal(19), "txr_000000000001", "8400")


def row(**fields):
    values = {"kind": "invoice", "id": "inv_000000000001", "number": "RE-2025-000001", "day": date(2025, 4, 5),
              "invoice_number": None, "customer_id": "cus_000000000001", "customer_name": "Müller GmbH",
              "account_number": "10001", "currency": "EUR", "status": "sent", "payment_method": None,
              "net": Decimal("1000.00"), "tax": Decimal("190.00"), "total": Decimal("1190.00"),
              "taxes": {RATE.key: (Decimal("1000.00"), Decimal("190.00"))}, "order": (date(2025, 4, 5), 0, 1)}
    return Row(**{**values, **fields})


def test_text_starting_like_a_formula_is_neutralised_and_other_text_is_not():
    for text in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert cells.neutralised(text) == "'" + text
    assert cells.neutralised("Müller GmbH") == "Müller GmbH"
    assert cells.neutralised("a=b") == "a=b"
    assert cells.neutralised(None) == ""


def test_decimal_text_has_no_thousands_separator_and_the_locales_decimal_mark():
    assert cells.decimal_text(Decimal("-1234567.50"), comma=True) == "-1234567,50"
    assert cells.decimal_text(Decimal("1234567.50"), comma=False) == "1234567.50"


def test_csv_in_a_decimal_comma_locale_uses_semicolons_and_a_bom():
    data = b"".join(csv_file.chunks([row(customer_name="=cmd")], [RATE], "de_DE"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";")[-2:] == ["USt 19 % taxable", "USt 19 % tax"]
    fields = lines[1].split(";")
    assert fields[6] == "'=cmd"  # the customer
    assert fields[11:] == ["1000,00", "190,00", "1190,00", "1000,00", "190,00"]


def test_csv_in_a_decimal_point_locale_uses_commas_and_points():
    data = b"".join(csv_file.chunks([row(total=Decimal("-1190.00"))], [RATE], "en_US"))
    fields = data.decode("utf-8-sig").split("\r\n")[1].split(",")
    assert fields[11:] == ["1000.00", "190.00", "-1190.00", "1000.00", "190.00"]
    assert csv_file.writes_decimal_comma("fr_FR") and not csv_file.writes_decimal_comma("en_GB")


def test_xlsx_amounts_are_numbers_and_text_is_neutralised():
    data = b"".join(xlsx_file.chunks([row(customer_name="@evil", total=Decimal("-1190.00"))], [RATE], date(2025, 4, 30)))
    sheet = load_workbook(io.BytesIO(data)).active
    header, values = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header[:4] == ["type", "id", "number", "date"] and header[-2:] == ["USt 19 % taxable", "USt 19 % tax"]
    assert values[6] == "'@evil"
    assert values[3] == datetime(2025, 4, 5)  # a date cell
    assert values[11:] == [1000, 190, -1190, 1000, 190]
    assert all(isinstance(value, (int, float)) for value in values[11:])
    assert sheet.cell(2, 14).number_format == "0.00"


def test_xlsx_bytes_hold_no_moment_of_now():
    first = b"".join(xlsx_file.chunks([row()], [RATE], date(2025, 4, 30)))
    second = b"".join(xlsx_file.chunks([row()], [RATE], date(2025, 4, 30)))
    assert first == second
    assert load_workbook(io.BytesIO(first)).properties.created == datetime(2025, 4, 30)


def test_datev_fields_are_bare_or_quoted_and_umlauts_are_cp1252():
    batch = datev.Batch(29098, 55003, date(2025, 4, 1), date(2025, 4, 30), "EUR",
                        datetime(2025, 5, 2, 9, 30, 15, 123000, tzinfo=timezone.utc))
    data = b"".join(datev.chunks([row()], [RATE], batch))
    assert "Müller GmbH".encode("cp1252") in data and "Müller".encode() not in data
    booking = data.decode("cp1252").split("\r\n")[2]
    assert booking == '1190,00;"S";"EUR";;;;10001;8400;"";0504;"RE-2025-000001";"";;"Müller GmbH"'


def test_a_credit_note_books_on_the_credit_side_without_a_sign():
    note = row(kind="credit_note", number="GS-1", taxes={RATE.key: (Decimal("-10.00"), Decimal("-1.90"))})
    assert list(datev.bookings(note, [RATE]))[0][:2] == ["11,90", "H"]
    assert list(datev.bookings(row(kind="payment"), [RATE])) == []


def test_datev_booking_text_is_cut_at_60_characters():
    booking = list(datev.bookings(row(customer_name="x" * 80), [RATE]))[0]
    assert booking[-1] == "x" * 60
