"""Checks of plain input dicts shared by the services (shape, text, dates, codes)."""
from __future__ import annotations

from datetime import date

import pycountry
from email_validator import EmailNotValidError, validate_email

from app import characters, limits
from app.i18n import _
from app.money import MoneyError, is_currency
from app.services.errors import ValidationError


class Errors(dict):
    """Collects field errors; ``raise_if_any`` raises one ValidationError naming them all."""

    def capture(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MoneyError as error:
            self[error.field] = error.message
        except ValidationError as error:
            self.update(error.errors)
        return None

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def reject_unknown(data: dict, allowed, where: str = "") -> None:
    if not isinstance(data, dict):
        raise ValidationError({where or "__all__": _("Expected an object.")})
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        label = ", ".join(f"'{where}{name}'" for name in unknown)
        raise ValidationError({where + unknown[0]: _("Unknown field(s): %(fields)s.", fields=label)})


def checked(data: dict, checks: dict) -> dict:
    """``data`` with each field passed through its rule in ``checks`` (field -> one-argument
    check): every field's error raised together, a field with no rule refused."""
    reject_unknown(data, checks)  # a field with no rule (the API's shape refuses it first)
    errors, clean = Errors(), {}
    for field, value in data.items():
        result = errors.capture(checks[field], value)
        if field not in errors:
            clean[field] = result
    errors.raise_if_any()
    return clean


def objects(entries: list, allowed, errors: Errors, place: str,
            not_object: str | None = None):
    """Each entry of a list of objects as (index, the prefix of its fields' errors, entry): the
    entries' place is ``place`` with the index (``"items[{}]"``). An entry that is not an
    object, or that names a field not ``allowed`` (when given), is said in ``errors`` and skipped."""
    for index, entry in enumerate(entries):
        where = place.format(index)
        if not isinstance(entry, dict):
            errors[where] = not_object or _("Expected an object.")
            continue
        before = len(errors)
        if allowed is not None:  # None: the entry's fields were checked by its shape already
            errors.capture(reject_unknown, entry, allowed, where + ".")
        if len(errors) == before:
            yield index, where + ".", entry


def text(value: object, field: str, *, max_length: int, required: bool = False,
         multiline: bool = False) -> str | None:
    """``value`` stripped (None when blank). Every text refuses control characters; one that is
    not ``multiline`` (a name, a subject, a reference) refuses line breaks and bidi overrides
    too (the rule of :mod:`app.characters`)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Must be a string.")})
    refused = characters.problem(value, single_line=not multiline)  # before stripping: as the API document says
    if refused:
        raise ValidationError({field: refused})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: limits.too_long(max_length)})
    return value or None


def email(value: object, field: str) -> str | None:
    value = text(value, field, max_length=limits.EMAIL)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValidationError({field: _("Not a valid email address: %(reason)s", reason=error)}) from None


def country(value: object, field: str = "country") -> str:
    code = text(value, field, max_length=limits.COUNTRY, required=True).upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError({field: _("'%(value)s' is not an ISO 3166-1 alpha-2 country code.", value=value)})
    return code


def currency(value: object, field: str = "currency") -> str:
    code = text(value, field, max_length=limits.CURRENCY, required=True).upper()
    if not is_currency(code):
        raise ValidationError({field: _("'%(value)s' is not an ISO 4217 currency code.", value=value)})
    return code


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError({field: _("Must be true or false.")})
    return value


def choice(value: object, field: str, choices) -> str:
    if value not in choices:
        raise ValidationError({field: _("Must be one of: %(choices)s.", choices=", ".join(choices))})
    return value


EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def a_date(value: object, field: str) -> date:
    parsed = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                parsed = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if parsed is None:
        raise ValidationError({field: _("Must be a date in the form YYYY-MM-DD.")})
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        # Dates are computed with (due = issue + 30 days); far years would overflow.
        raise ValidationError({field: _("Must be between %(earliest)s and %(latest)s.",
                                        earliest=EARLIEST_DATE, latest=LATEST_DATE)})
    return parsed
