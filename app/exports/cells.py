"""What every export writes the same way: the columns, amounts as decimal text, and text a
spreadsheet would read as a formula neutralised (OWASP's advice: a leading single quote before
``=``, ``+``, ``-``, ``@``, a tab or a carriage return). Amounts are never neutralised: they stay
numbers."""
from __future__ import annotations

from decimal import Decimal

from app.exports.rows import RateColumn, Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The columns of the CSV and XLSX files, named as the API names the fields (the import will read
# these names back); then one pair per tax rate.
COLUMNS = ("type", "id", "number", "date", "invoice_number", "customer_id", "customer", "customer_account_number",
           "currency", "status", "payment_method", "total_excluding_tax", "tax_amount", "total")
AMOUNT_COLUMNS = 3  # the last of COLUMNS


def neutralised(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def decimal_text(amount: Decimal, comma: bool) -> str:
    """``-1234.50`` or ``-1234,50``: no thousands separator, no currency symbol."""
    text = format(amount, "f")
    return text.replace(".", ",") if comma else text


def header(rates: list[RateColumn]) -> list[str]:
    return [*COLUMNS, *(name for rate in rates for name in (f"{rate.label} taxable", f"{rate.label} tax"))]


def texts(row: Row) -> list[str]:
    """The row's text cells (all but the date and the amounts), neutralised."""
    return [neutralised(value) for value in (row.kind, row.id, row.number)]


def after_date(row: Row) -> list[str]:
    return [neutralised(value) for value in (row.invoice_number, row.customer_id, row.customer_name,
                                             row.account_number, row.currency, row.status, row.payment_method)]


def amounts(row: Row, rates: list[RateColumn]) -> list[Decimal | None]:
    """The row's totals, then each rate's taxable amount and tax (None where the row has no such rate)."""
    cells: list[Decimal | None] = [row.net, row.tax, row.total]
    for rate in rates:
        pair = row.taxes.get(rate.key)
        cells.extend(pair if pair is not None else (None, None))
    return cells
