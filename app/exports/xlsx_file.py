"""The XLSX export (openpyxl's write-only mode): amounts are numeric cells with two decimals
shown, dates are date cells, text is neutralised like the CSV's. The workbook is written to a
temporary file on disk and streamed from there, so memory stays flat. Its bytes depend on the
data only: the document's created and modified times are the range's last day, and every part
of the zip carries the same fixed time."""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from app.exports import cells
from app.exports.rows import RateColumn, Row

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest time
READ_SIZE = 64 * 1024
AMOUNT_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every member carries :data:`FIXED_TIME` (openpyxl stamps "now" otherwise)."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as source, self.open(self._info(arcname or filename), "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, READ_SIZE)


def chunks(rows: Iterable[Row], rates: list[RateColumn], last_day: date, sheet_title: str = "Export") -> Iterator[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(cells.header(rates))
    for row in rows:
        day = WriteOnlyCell(sheet, value=row.day)
        day.number_format = DATE_FORMAT
        sheet.append([*cells.texts(row), day, *cells.after_date(row),
                      *(_amount(sheet, amount) for amount in cells.amounts(row, rates))])
    stamp = datetime.combine(last_day, datetime.min.time())
    workbook.properties.created = workbook.properties.modified = stamp
    with tempfile.TemporaryFile() as file:
        archive = _FixedTimeZip(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(workbook, archive).save()
        file.seek(0)
        while chunk := file.read(READ_SIZE):
            yield chunk


def _amount(sheet, amount):
    if amount is None:
        return None
    cell = WriteOnlyCell(sheet, value=amount)
    cell.number_format = AMOUNT_FORMAT
    return cell
