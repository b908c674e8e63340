"""Choices for the dashboard's select boxes (countries, currencies, timezones, locales)."""
import unicodedata
from functools import lru_cache
from zoneinfo import available_timezones

import pycountry
from babel import Locale
from babel.numbers import list_currencies
from wtforms.fields.choices import SelectChoice

from app.i18n import LANGUAGE_NAMES, current_language
from app.money import is_currency

COMMON_LOCALES = ("en_US", "en_GB", "en_IE", "fr_FR", "de_DE", "es_ES", "it_IT", "nl_NL", "pt_BR",
                  "pt_PT", "sv_SE", "da_DK", "nb_NO", "fi_FI", "pl_PL", "ja_JP", "zh_CN", "es_MX",
                  "en_CA", "fr_CA", "en_AU", "en_IN", "de_CH", "tr_TR", "ko_KR")


def countries() -> list[tuple[str, str]]:
    """Every country, named in the page's language (Babel's names; English: ISO 3166's)."""
    return _countries(current_language())


@lru_cache(maxsize=len(LANGUAGE_NAMES))
def _countries(language: str) -> list[tuple[str, str]]:
    names = {} if language == "en" else Locale.parse(language).territories
    named = ((country.alpha_2, names.get(country.alpha_2, country.name)) for country in pycountry.countries)
    return sorted(named, key=lambda pair: _unaccented(pair[1]))


def _unaccented(name: str) -> str:
    """How a name sorts among its language's names: "Ägypten" with the A's."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1)
def currencies() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(list_currencies()) if is_currency(code)]


@lru_cache(maxsize=1)
def timezones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


@lru_cache(maxsize=1)
def locales() -> list[tuple[str, str]]:
    return [(code, f"{Locale.parse(code).display_name} ({code})") for code in COMMON_LOCALES]


def languages() -> list[tuple[str, str]]:
    """The six languages of DESIGN §17, each named in itself."""
    return list(LANGUAGE_NAMES.items())


def with_current(options: list[tuple[str, str]], current: str | None) -> list[tuple[str, str]]:
    """Keep a stored value selectable even when it is not in the usual list."""
    if current and current not in {value for value, _ in options}:
        return [(current, current), *options]
    return options


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]
