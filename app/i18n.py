"""Languages (DESIGN §17): which language a reader reads, and the one place that says so.

- The dashboard speaks its user's ``language``; until the user chooses, the browser's
  Accept-Language picks among :data:`LANGUAGES`, else English.
- The JSON API and the Stripe webhook answer in English whoever asks.
- What a customer receives (PDF, public pages, emails, reminders) is in the document's
  language: the one frozen when it was sent, else the customer's ``language``, else the
  company's ``document_language``. Its dates, numbers and money follow that language and the
  customer's country (``fr`` for a BE customer: ``fr_BE``), as Babel formats them.

Everything else calls :func:`gettext` (``_``) at the moment it words a text, or marks a
module-level text with :func:`lazy_gettext` (``_l``), which words it when it is shown."""
from __future__ import annotations

import os
from contextlib import contextmanager

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from flask import Flask, g, request
from flask_babel import Babel, force_locale, get_locale, gettext, lazy_gettext, ngettext, refresh
from flask_login import current_user

LANGUAGES = ("en", "de", "fr", "es", "it", "nl")
# Each language named in itself, as the language pickers list them.
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano",
                  "nl": "Nederlands"}
ENGLISH_ONLY = ("/v1/", "/webhooks/")  # the JSON API and the Stripe webhook: machines read them

_ = gettext
_l = lazy_gettext
__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "_", "_l", "gettext", "lazy_gettext", "ngettext", "reading",
           "language_of_locale", "document_language", "document_locale", "dashboard_language", "speaking",
           "customer_language", "current_language", "read_by", "noun"]

# The word a message slots for a document type (by its kind or its singular, which stay the
# API's English): "Add at least one item before sending the %(noun)s."
DOCUMENT_NOUNS = {"invoice": _l("invoice"), "quote": _l("quote"), "credit_note": _l("credit note"),
                  "credit note": _l("credit note"), "recurring": _l("recurring invoice"),
                  "recurring invoice": _l("recurring invoice")}

babel = Babel()
TRANSLATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "translations")


def noun(word: str) -> str:
    """A document type's word in the reader's language ("credit_note" → "Rechnungskorrektur"
    in German); any other word as it is."""
    return str(DOCUMENT_NOUNS.get(word, word))


def language_of_locale(locale: str | None) -> str:
    """The language of a locale name ("de_AT" → "de"), English when it is not one of ours."""
    language = (locale or "").replace("-", "_").split("_")[0].lower()
    return language if language in LANGUAGES else "en"


def dashboard_language() -> str:
    """The language of the page being answered (see the module's text): a client's page is
    its document's (:func:`read_by`)."""
    if request.path.startswith(ENGLISH_ONLY):
        return "en"
    if g.get("reader_language") in LANGUAGES:
        return g.reader_language
    user = current_user
    if user is not None and getattr(user, "is_authenticated", False) and user.language in LANGUAGES:
        return user.language
    return request.accept_languages.best_match(LANGUAGES) or "en"


def _select_locale() -> str | None:
    return dashboard_language() if request else None


def customer_language(customer, company) -> str:
    """What a customer receives is written in: its own ``language``, else its company's."""
    chosen = getattr(customer, "language", None) if customer is not None else None
    return chosen if chosen in LANGUAGES else (company.document_language or "en")


def document_language(document) -> str:
    """The language a document speaks: frozen when it was sent, else its customer's."""
    frozen = getattr(document, "language", None)
    if frozen in LANGUAGES:
        return frozen
    return customer_language(document.customer, document.company)


def document_locale(language: str, country: str | None, company_locale: str | None = None) -> Locale:
    """How a document in ``language`` for a customer in ``country`` writes dates, numbers and
    money (DESIGN §17):
    - the language as that country writes it where it is spoken there ("fr" + BE → fr_BE,
      "de" + CH → de_CH, "en" + GB → en_GB);
    - else, in the company's own language, as the company writes it (an en_US company's English
      invoice to a French client keeps "$1,234.50");
    - else as the language's home writes it ("de" → the German of Germany)."""
    language = language if language in LANGUAGES else "en"
    if country and language in get_official_languages(country.upper(), de_facto=True):
        try:
            return Locale.parse(f"{language}_{country.upper()}")
        except (UnknownLocaleError, ValueError):
            pass
    if company_locale and language_of_locale(company_locale) == language:
        try:
            return Locale.parse(company_locale)
        except (UnknownLocaleError, ValueError):
            pass
    return Locale.parse(language)


@contextmanager
def reading(language: str):
    """Words everything inside in ``language`` (a document's, for its client), then goes back."""
    with force_locale(language if language in LANGUAGES else "en"):
        yield


def speaking(document):
    """Words everything inside in ``document``'s language (its PDF, page, email)."""
    return reading(document_language(document))


def read_by(document) -> None:
    """The rest of this request (a client's page of ``document``: its words, its messages, its
    errors) is in the document's language."""
    g.reader_language = document_language(document)
    refresh()


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def _fresh_choice() -> None:
    """Each request chooses its language anew, even when a test keeps one app context open
    across requests (Flask-Babel keeps its choice on ``g``)."""
    g.pop("_flask_babel", None)
    g.pop("reader_language", None)


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=_select_locale, default_translation_directories=TRANSLATIONS)
    app.before_request(_fresh_choice)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks' whitespace collapses, as extracted
    app.jinja_env.globals.update(LANGUAGE_NAMES=LANGUAGE_NAMES, current_language=current_language)
