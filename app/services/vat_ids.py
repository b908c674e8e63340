"""VAT ids checked by their country's format (python-stdnum), offline: a valid id comes back
in its compact form, a malformed one is a field error, and a country for which stdnum knows
no VAT format accepts any id (DESIGN §10)."""
from __future__ import annotations

from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as NumberError

from app import limits
from app.i18n import _
from app.services import inputs
from app.services.errors import ValidationError

# VAT prefixes of the EU member states: Greece writes EL, Northern Ireland XI.
EU_PREFIXES = frozenset("EL" if state == "gr" else state.upper() for state in eu_vat.MEMBER_STATES)
# The member states by their ISO 3166 country codes (Northern Ireland's XI is not one).
EU_COUNTRIES = frozenset(state.upper() for state in eu_vat.MEMBER_STATES if state != "xi")


def _eu_prefix(country: str | None) -> str | None:
    if country is None:
        return None
    prefix = "EL" if country.upper() == "GR" else country.upper()
    return prefix if prefix in EU_PREFIXES else None


def _plain(value: str) -> str:
    return "".join(character for character in value.upper() if character.isalnum())


def check_vat_id(value: object, country: str | None = None, field: str = "vat_id") -> str | None:
    """``value`` (blank: None) as a valid VAT id of ``country`` (ISO-2), normalized.

    An id that starts with an EU member state's prefix is checked by that state's rules
    wherever its holder is; an EU country's id given without its prefix gains it (DE + 136695976).
    Elsewhere the id keeps the country code it was written with (GB980780684, NO995525828MVA)."""
    text = inputs.text(value, field, max_length=limits.VAT_ID)
    if text is None:
        return None
    plain = _plain(text)
    country = country.upper() if isinstance(country, str) and len(country) == 2 and country.isalpha() else None
    try:
        if plain[:2] in EU_PREFIXES:
            return eu_vat.validate(plain)
        if _eu_prefix(country):
            return eu_vat.validate(_eu_prefix(country) + plain)
        module = get_cc_module(country.lower(), "vat") if country else None
        if module is None:
            return text
        number = module.validate(text)
    except NumberError as error:
        raise ValidationError({field: _("'%(id)s' is not a valid VAT id for %(country)s: %(reason)s", id=text,
                                        country=country, reason=error.message) if country
                               else _("'%(id)s' is not a valid VAT id: %(reason)s", id=text, reason=error.message)}
                              ) from None
    if not number[:1].isalpha() and plain.startswith(country):
        number = country + number
    return number
