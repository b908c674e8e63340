"""Plain helpers of the export tests: the German company's settings, the pinned moment DATEV's
header says, and an export read whole."""
import csv
import io
from datetime import datetime, timezone

from app.exports import service

GERMAN = {"locale": "de_DE", "currency": "EUR", "timezone": "Europe/Berlin", "country": "DE",
          "datev_consultant_number": 29098, "datev_client_number": 55003}
PINNED = datetime(2025, 5, 2, 9, 30, 15, 123000, tzinfo=timezone.utc)
APRIL = {"from": "2025-04-01", "to": "2025-04-30"}


def exported(actor, fmt: str, **period) -> bytes:
    found = service.export(actor, {"format": fmt, **(period or APRIL)}, created_at=PINNED)
    return b"".join(found.chunks)


def csv_rows(data: bytes, delimiter: str = ";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def datev_lines(data: bytes) -> list[list[str]]:
    """The DATEV file's fields per line, as its reader splits them (quotes removed)."""
    return list(csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))
