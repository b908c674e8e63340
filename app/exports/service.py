"""Exports (DESIGN §19): the one service the API and Settings → Export call. It checks the
request (a format, a date range), and for DATEV what the format needs (the company's consultant
and client numbers, a debtor account for every customer exported, a revenue account for every
rate used, one fiscal year), before a single byte is written: a refusal is a ValidationError
naming its fields, never a broken download. What it returns writes the file when iterated,
reading the rows batch by batch (:mod:`app.exports.rows`).

Every member may export (the rows are what every member already reads in the dashboard);
only admins change the DATEV numbers, which are company settings (Settings → Export)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from app.exports import csv_file, datev, rows, xlsx_file
from app.exports.rows import Period
from app.i18n import _
from app.services import accounting, inputs
from app.services.inputs import Errors
from app.services.tenancy import Actor

FORMATS = ("csv", "xlsx", "datev")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "datev": "text/csv; charset=windows-1252"}
LISTED = 10  # names a refusal lists before saying how many more


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    chunks: Iterator[bytes]  # writes the file as it is read


def check_request(data: dict) -> tuple[str, Period]:
    """The format and the period of ``data`` (``format``, ``from``, ``to``), every error at once."""
    errors = Errors()
    data = data if isinstance(data, dict) else {}
    chosen = errors.capture(inputs.choice, data.get("format"), "format", FORMATS)
    start = errors.capture(inputs.a_date, data.get("from"), "from")
    end = errors.capture(inputs.a_date, data.get("to"), "to")
    if start is not None and end is not None and end < start:
        errors["to"] = _("Must be on or after the first day (from).")
    errors.raise_if_any()
    return chosen, Period(start, end)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown if len(names) <= LISTED else _("%(names)s and %(count)s more", names=shown, count=len(names) - LISTED)


def _datev_batch(actor: Actor, period: Period, rates: list[rows.RateColumn], created_at: datetime) -> datev.Batch:
    company, errors = actor.company, Errors()
    for field in accounting.DATEV_NUMBERS:
        if getattr(company, field) is None:
            errors[field] = _("The DATEV format needs it: an admin enters it under Settings → Exports.")
    if period.start.year != period.end.year:
        errors["to"] = _("A DATEV batch covers one fiscal year: choose a range within %(year)s.", year=period.start.year)
    missing = [rate.label for rate in rates if not accounting.is_datev_account(rate.account)]
    if missing:
        errors["account"] = _("These tax rates need a revenue account of at most 9 digits (Settings → Taxes; "
                              "invoices without named tax rates need them): %(names)s.", names=_names(missing))
    customers = rows.customers_without_account(company, period, valid=accounting.is_datev_account)
    if customers:
        errors["account_number"] = _("These customers need a debtor account of at most 9 digits (their page under "
                                     "Customers): %(names)s.", names=_names(customers))
    errors.raise_if_any()
    return datev.Batch(company.datev_consultant_number, company.datev_client_number, period.start, period.end,
                       company.currency, created_at)


def export(actor: Actor, data: dict, *, created_at: datetime) -> ExportFile:
    """The file ``data`` asks for. ``created_at`` is when it is made (DATEV's header says it;
    the other formats hold no moment but the range's)."""
    chosen, period = check_request(data)
    company = actor.company
    rates = rows.rate_columns(company, period)
    stem = f"{period.start.isoformat()}_{period.end.isoformat()}"
    if chosen == "datev":
        batch = _datev_batch(actor, period, rates, created_at)
        found = rows.rows(company, period, kinds=("invoice", "credit_note"))
        return ExportFile(f"EXTF_Buchungsstapel_{stem}.csv", MEDIA_TYPES[chosen], datev.chunks(found, rates, batch))
    found = rows.rows(company, period)
    if chosen == "csv":
        return ExportFile(f"corebill_{stem}.csv", MEDIA_TYPES[chosen], csv_file.chunks(found, rates, company.locale))
    return ExportFile(f"corebill_{stem}.xlsx", MEDIA_TYPES[chosen], xlsx_file.chunks(found, rates, period.end))
