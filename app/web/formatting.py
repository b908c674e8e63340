"""Jinja filters: amounts and dates in the company's locale and currency (Babel)."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from flask import Flask

from app import money


def fmt_money(amount, currency: str, locale: str = "en_US") -> str:
    if amount is None:
        return ""
    value = money.round_money(Decimal(amount), currency)
    return format_currency(value, currency, locale=locale, currency_digits=True)


def fmt_number(value, locale: str = "en_US") -> str:
    if value is None:
        return ""
    return format_decimal(Decimal(money.plain(Decimal(value))), locale=locale, decimal_quantization=False)


def fmt_date(value, locale: str = "en_US", tz: str = "UTC") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value.astimezone(ZoneInfo(tz)), "medium", locale=locale)
    if isinstance(value, date):
        return format_date(value, "medium", locale=locale)
    return str(value)


def init_formatting(app: Flask) -> None:
    app.jinja_env.filters["money"] = fmt_money
    app.jinja_env.filters["number"] = fmt_number
    app.jinja_env.filters["datefmt"] = fmt_date
