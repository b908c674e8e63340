"""Plain helpers of the language tests (DESIGN §17): the words each language must print, the
customer's country that makes each language's number format distinctive, and reading a
document's PDF and public page back as text."""
import re
from decimal import Decimal
from html import unescape

from babel.numbers import format_currency, format_decimal

from app.extensions import db
from app.i18n import document_locale
from app.models import Customer
from app.rendering import outbox
from app.services import transaction
from tests.support.html import text_of
from tests.support.pdf import pdf_text, read

# The words §17 lists, exactly, per language.
WORDS = {
    "en": {"invoice": "Invoice", "credit_note": "Credit note", "quote": "Quote", "reverse_charge": "Reverse charge",
           "supply_date": "Supply date"},
    "de": {"invoice": "Rechnung", "credit_note": "Rechnungskorrektur", "quote": "Angebot",
           "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers", "supply_date": "Leistungsdatum"},
    "fr": {"invoice": "Facture", "credit_note": "Avoir", "quote": "Devis", "reverse_charge": "Autoliquidation",
           "supply_date": "Date de livraison/prestation"},
    "es": {"invoice": "Factura", "credit_note": "Factura rectificativa", "quote": "Presupuesto",
           "reverse_charge": "Inversión del sujeto pasivo", "supply_date": "Fecha de operación"},
    "it": {"invoice": "Fattura", "credit_note": "Nota di credito", "quote": "Preventivo",
           "reverse_charge": "Inversione contabile", "supply_date": "Data di effettuazione"},
    "nl": {"invoice": "Factuur", "credit_note": "Creditnota", "quote": "Offerte", "reverse_charge": "Btw verlegd",
           "supply_date": "Leveringsdatum"},
}

# Each language's customer country, chosen so that its locale writes 1234.5 EUR its own way:
# de_DE "1.234,50 €", fr_BE "1 234,50 €" (U+202F between the thousands), es_ES and it_IT
# "1.234,50 €", nl_NL "€ 1.234,50", en_GB "€1,234.50". LITERALS: one typed-out string per
# language (the grouped figure), checked on top of what Babel computes.
COUNTRIES = {"en": "GB", "de": "DE", "fr": "BE", "es": "ES", "it": "IT", "nl": "NL"}
LITERALS = {"en": "1,234.50", "de": "1.234,50", "fr": "1\u202f234,50", "es": "1.234,50", "it": "1.234,50",
            "nl": "€ 1.234,50"}

# A reverse-charge rate whose reason does not start with the label, so the label is printed.
REVERSE_CHARGE_REASON = "Art. 196 Directive 2006/112/EC"
# One line whose net is 1234.50, so the locale's grouping and decimals both show.
PRICE = Decimal("1234.50")

# German VAT law keeps this word for self-billing: a German credit note never says it.
NOT_GERMAN = "Gutschrift"


def locale_of(language: str, country: str | None = None):
    return document_locale(language, country or COUNTRIES[language])


def money(amount, language: str, country: str | None = None, currency: str = "EUR") -> str:
    """``amount`` as the document's locale writes it (Babel, as the app does)."""
    return format_currency(Decimal(str(amount)), currency, locale=locale_of(language, country))


def number(amount, language: str, country: str | None = None) -> str:
    return format_decimal(Decimal(str(amount)), format="#,##0.00", locale=locale_of(language, country))


def flat(text: str) -> str:
    """Whitespace as one space (a PDF's text wraps lines; U+202F and U+00A0 stay: they are the
    format under test)."""
    return re.sub(r"[ \t\r\n]+", " ", text)


def unbroken(text: str) -> str:
    """No-break spaces (U+00A0, U+202F) as plain ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def pdf_words(content: bytes) -> str:
    return flat(pdf_text(read(content)))


def page_words(response) -> str:
    """A page's visible text (tags out, entities read)."""
    assert response.status_code == 200, response.status_code
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", text_of(response))
    return flat(unescape(re.sub(r"<[^>]+>", " ", html)))


def newest_mail(company_id: str):
    return outbox.read(outbox.messages(company_id=company_id, limit=1)[0].filename, company_id=company_id)


def reading_customer(api, language: str | None, country: str, name: str = "Kunde") -> dict:
    """A customer created through the API with its ``language``. Until the customer service
    takes the field (issue 28, landing today: before, the API refuses it), the customer is
    created without it and the column written here, so that the documents' tests test the
    documents (tests/i18n/test_language_api.py tests the field itself)."""
    body = {"name": name, "country": country, "email": "ap@kunde.example", "currency": "EUR"}
    response = api.post("/v1/customers", json={**body, "language": language})
    if response.status_code != 201:
        response = api.post("/v1/customers", json=body)
    assert response.status_code == 201, response.get_json()
    data = response.get_json()["data"]
    customer = db.session.query(Customer).filter_by(id=data["id"]).one()
    if customer.language != language:
        with transaction():
            customer.language = language
    return {**data, "language": language}
