"""Numbers as the company writes them: the dashboard's forms show and read quantities, prices,
rates and amounts in the company's locale (``1.234,56`` in de_DE, ``1,234.56`` in en_US).

Reading happens here, at the door; the services see plain decimal text and stay locale-free,
so a rule's message (at least 0, at most 4 decimal places) reads the same in the form and in
the API's error."""
from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, get_group_symbol, parse_decimal

from app.money import written_plainly

PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
SPACES = re.compile(r"[ \u00a0\u202f]")


def read(value: str | None, locale: str) -> str:
    """``value`` as plain decimal text (``"1234.56"``) when it is a number in ``locale``'s
    format (strict grouping) or a plain decimal such as ``1234.56``; otherwise the text as
    typed, for the service to refuse with its usual message. Blank stays blank."""
    text = (value or "").strip()
    if not text or not written_plainly(text):  # "١٢٣", "1_000": as typed, for the service to refuse
        return text
    group = get_group_symbol(locale)
    if group.isspace():  # "1 234,56" typed with an ordinary space where the locale has a thin one
        text = SPACES.sub(group, text)
    try:
        return str(parse_decimal(text, locale=locale, strict=True))
    except NumberFormatError:
        return text if PLAIN.match(text) is None else str(Decimal(text))


def show(value: Decimal | None, locale: str) -> str:
    """``value`` written for ``locale`` with every digit it has and no grouping, for an input
    to edit (``1234.5`` -> ``1234,5`` in de_DE; reading it back gives the same number)."""
    if value is None:
        return ""
    return format_decimal(value, format="0.###", locale=locale, decimal_quantization=False)
