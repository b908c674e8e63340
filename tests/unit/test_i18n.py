"""Who reads what, and how their dates and amounts are written (DESIGN §17), as pure rules."""
from types import SimpleNamespace as Obj

import pytest

from app.i18n import customer_language, document_language, document_locale, language_of_locale
from app.presentation import fmt_money


@pytest.mark.parametrize(("locale", "language"), [("de_DE", "de"), ("de_AT", "de"), ("fr", "fr"), ("nl-BE", "nl"),
                                                  ("pt_BR", "en"), ("", "en"), (None, "en")])
def test_a_locale_gives_its_language_when_it_is_one_of_the_six(locale, language):
    assert language_of_locale(locale) == language


@pytest.mark.parametrize(("language", "country", "company", "expected"), [
    ("fr", "BE", "en_US", "fr_BE"),   # the language as the customer's country writes it
    ("de", "CH", "de_DE", "de_CH"),
    ("nl", "BE", "nl_NL", "nl_BE"),
    ("en", "FR", "en_US", "en_US"),   # English is not spoken in France: as the company writes it
    ("de", "FR", "de_AT", "de_AT"),
    ("de", "US", "en_US", "de"),      # neither: as the language's home writes it
    ("it", None, "en_US", "it"),
    ("xx", "DE", "en_US", "en_US"),   # not one of the six: English
])
def test_a_documents_locale(language, country, company, expected):
    assert str(document_locale(language, country, company)) == expected


def test_money_follows_the_documents_locale():
    assert fmt_money("1234.5", "EUR", document_locale("fr", "BE", "en_US")) == "1\u202f234,50\u00a0€"
    assert fmt_money("1234.5", "EUR", document_locale("de", "DE", "en_US")) == "1.234,50\u00a0€"
    assert fmt_money("1234.5", "EUR", document_locale("nl", "NL", "en_US")) == "€\u00a01.234,50"


def test_a_document_speaks_its_frozen_language_else_its_customers_else_its_companys():
    company = Obj(document_language="de")
    french, silent = Obj(language="fr"), Obj(language=None)
    assert customer_language(french, company) == "fr"
    assert customer_language(silent, company) == "de"
    assert document_language(Obj(language=None, customer=french, company=company)) == "fr"
    assert document_language(Obj(language="it", customer=french, company=company)) == "it"
    assert document_language(Obj(language=None, customer=silent, company=company)) == "de"
