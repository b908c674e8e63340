"""How invoices read, for every door and document alike: amounts, numbers and dates in the
company's locale (Babel), and the words for each status. The dashboard, the public page,
the PDF and the mail all render with these filters."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from flask import Flask

from app import money
from app.services.invoice_states import amount_owed, effective_status, refundable
from app.services.quote_states import effective_status as quote_status
from app.services.tenancy import today_for

NBSP = "\u00a0"
STATUS_LABEL = {"draft": "Draft", "sent": "Sent", "viewed": "Viewed", "in_review": "In review",
                "partial": "Partially paid", "paid": "Paid", "overdue": "Overdue",
                "cancelled": "Cancelled", "refunded": "Refunded",
                # Quotes (DESIGN §12)
                "accepted": "Accepted", "declined": "Declined", "expired": "Expired", "invoiced": "Invoiced"}
# What the client reads as the document's status. "viewed" and "in_review" are the
# company's own tracking states, so the PDF a visitor downloads after opening the link is
# the very document the email carried (same cache key).
CLIENT_STATUS = {**STATUS_LABEL, "sent": "Open", "viewed": "Open", "in_review": "Open"}


def _spaced(text: str, symbol: str) -> str:
    """A space between a symbol made of letters and the digits it touches ("CHF 1,234.50",
    not "CHF1,234.50"), as CLDR's currency spacing asks; "$1.00" and "1,00 €" stay as they are."""
    at = text.find(symbol) if symbol else -1
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and symbol[-1].isalpha():
        text = text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and symbol[0].isalpha():
        text = text[:at] + NBSP + text[at:]
    return text


def fmt_money(amount, currency: str, locale="en_US") -> str:
    if amount is None:
        return ""
    value = money.round_money(Decimal(amount), currency)
    text = format_currency(value, currency, locale=locale, currency_digits=True)
    return _spaced(text, get_currency_symbol(currency, locale=locale))


def fmt_number(value, locale="en_US") -> str:
    if value is None:
        return ""
    return format_decimal(Decimal(money.plain(Decimal(value))), locale=locale, decimal_quantization=False)


def fmt_date(value, locale="en_US", tz: str = "UTC") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value.astimezone(ZoneInfo(tz)), "medium", locale=locale)
    if isinstance(value, date):
        return format_date(value, "medium", locale=locale)
    return str(value)


def status_label(status: str) -> str:
    return STATUS_LABEL.get(status, status)


def shown_status(invoice) -> str:
    return effective_status(invoice, today_for(invoice.company))


def shown_quote_status(quote) -> str:
    return quote_status(quote, today_for(quote.company))


def init_presentation(app: Flask) -> None:
    app.jinja_env.filters.update(money=fmt_money, number=fmt_number, datefmt=fmt_date, status_label=status_label)
    app.jinja_env.globals.update(shown_status=shown_status, quote_status=shown_quote_status, amount_owed=amount_owed,
                                 refundable=refundable)
