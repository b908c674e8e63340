"""The accountant's numbers (DESIGN §19): ledger accounts (a tax rate's revenue account, a
customer's debtor account) and the company's DATEV consultant and client numbers. Each rule
is stated here once and read by the services of tax rates, customers and the company."""
from __future__ import annotations

import re

from app import limits
from app.i18n import _
from app.services import inputs
from app.services.errors import ValidationError

ACCOUNT_PATTERN = re.compile(r"[0-9A-Za-z]+")
DATEV_NUMBERS = {  # field -> (smallest, largest)
    "datev_consultant_number": (limits.DATEV_CONSULTANT_MIN, limits.DATEV_CONSULTANT_MAX),
    "datev_client_number": (limits.DATEV_CLIENT_MIN, limits.DATEV_CLIENT_MAX),
}


def account(value: object, field: str) -> str | None:
    """A ledger account: 1 to 16 letters or digits (DATEV's are 4 to 9 digits), or none."""
    text = inputs.text(value, field, max_length=limits.ACCOUNT)
    if text is not None and not ACCOUNT_PATTERN.fullmatch(text):
        raise ValidationError({field: _("Use letters and digits only, such as 8400 or 10001.")})
    return text


def is_datev_account(value: str | None) -> bool:
    """Whether DATEV can book to ``value``: a number of at most 9 digits."""
    return bool(value) and value.isascii() and value.isdigit() and len(value) <= limits.DATEV_ACCOUNT_DIGITS


def datev_number(value: object, field: str) -> int | None:
    """A DATEV consultant or client number (a whole number, or its digits as text), or none."""
    low, high = DATEV_NUMBERS[field]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError({field: _("Must be a whole number from %(low)s to %(high)s.", low=low, high=high)})
    return value
