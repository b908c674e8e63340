"""Amounts as every page and document shows them: a currency written as letters is set apart
from the number (CLDR's currency spacing), symbols are not."""
from decimal import Decimal

import pytest

from app.presentation import fmt_money, status_label

NBSP = "\u00a0"


@pytest.mark.parametrize("amount, currency, locale, shown", [
    ("0", "SAR", "en_US", f"SAR{NBSP}0.00"),
    ("1234.5", "CHF", "en_US", f"CHF{NBSP}1,234.50"),
    ("1234.5", "SEK", "en_US", f"SEK{NBSP}1,234.50"),
    ("1234.5", "CHF", "de_CH", f"CHF{NBSP}1’234.50"),       # already spaced by the locale
    ("1234.5", "CHF", "fr_CH", f"1\u202f234,50{NBSP}CHF"),  # after the number
    ("1234.5", "USD", "en_US", "$1,234.50"),                # a symbol touches the digits
    ("1234.5", "USD", "en_CA", "US$1,234.50"),
    ("1234.5", "EUR", "de_DE", f"1.234,50{NBSP}€"),
    ("1234.5", "BRL", "pt_BR", f"R${NBSP}1.234,50"),
    ("1234", "JPY", "en_US", "¥1,234"),
])
def test_money_sets_letter_codes_apart(amount, currency, locale, shown):
    assert fmt_money(Decimal(amount), currency, locale) == shown


def test_status_labels():
    assert [status_label(s) for s in ("in_review", "partial", "paid")] == ["In review", "Partially paid", "Paid"]
