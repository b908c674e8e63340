"""Structured addresses (DESIGN §10): the same fields, limits and checks for a company and a
customer, and the one rule that turns a free-text address into two lines."""
from __future__ import annotations

from app import limits
from app.services import inputs
from app.services.errors import ValidationError
from app.services.inputs import Errors

LIMITS = {"address_line1": limits.ADDRESS_LINE, "address_line2": limits.ADDRESS_LINE, "city": limits.CITY,
          "postal_code": limits.POSTAL_CODE, "region": limits.REGION}
FIELDS = tuple(LIMITS)  # the country is checked by each owner (required for a customer, not for a company)


def split_free_text(text: str | None) -> tuple[str | None, str | None]:
    """A free-text address as (line 1, line 2): the first non-blank line, then the others
    joined by ", ". Migration 0009c moved the stored addresses by this rule."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return (lines[0] if lines else None), (", ".join(lines[1:]) or None)


def joined(*lines: str | None) -> str | None:
    """The lines given, one per line (the seed's free-text form)."""
    return "\n".join(line for line in lines if line) or None


def _one_line(value: object, field: str, max_length: int) -> str | None:
    return inputs.text(value, field, max_length=max_length)


def clean(data: dict, errors: Errors) -> dict:
    """The address fields ``data`` gives, checked (a field's error goes to ``errors``)."""
    result = {}
    for field, max_length in LIMITS.items():
        if field in data:
            value = errors.capture(_one_line, data[field], field, max_length)
            if field not in errors:
                result[field] = value
    return result


def from_free_text(value: object, field: str) -> dict:
    """``address_line1`` and ``address_line2`` from a free-text address sent as ``field``
    (the customer's ``legal_address``); errors name ``field``."""
    text = inputs.text(value, field, max_length=limits.LEGAL_ADDRESS, multiline=True)
    line1, line2 = split_free_text(text)
    for line in (line1, line2):
        if line is not None and len(line) > limits.ADDRESS_LINE:
            raise ValidationError({field: f"Each line: {limits.too_long(limits.ADDRESS_LINE)}"})
    return {"address_line1": line1, "address_line2": line2}
