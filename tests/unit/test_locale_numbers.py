"""Numbers typed in the company's locale are read at the door into plain decimal text."""
from decimal import Decimal

import pytest

from app.web.numbers import read, show


@pytest.mark.parametrize("typed, locale, plain", [
    ("1,5", "de_DE", "1.5"), ("1.234,56", "de_DE", "1234.56"), ("1234,5", "de_DE", "1234.5"),
    ("1.5", "de_DE", "1.5"),  # not a German number: a plain decimal, read as such
    ("1 234,56", "fr_FR", "1234.56"), ("1\u202f234,56", "fr_FR", "1234.56"),
    ("1,234.56", "en_US", "1234.56"), ("0.335", "en_US", "0.335"), ("  ", "en_US", ""),
    ("1,5", "en_US", "1,5"), ("abc", "de_DE", "abc"), ("1,2,3", "de_DE", "1,2,3"),  # left for the service to refuse
])
def test_read(typed, locale, plain):
    assert read(typed, locale) == plain


@pytest.mark.parametrize("locale", ["de_DE", "fr_FR", "en_US", "de_CH", "ja_JP"])
@pytest.mark.parametrize("value", ["1234.5678", "0.0001", "8400.00", "1.234", "1000000"])
def test_show_then_read_gives_the_same_number(value, locale):
    assert Decimal(read(show(Decimal(value), locale), locale)) == Decimal(value)
