"""Every document in its reader's language (DESIGN §17, issue 28): for each of the six
languages, an invoice, a credit note and a quote sent to a customer who reads it say the
words §17 lists in their PDF (read back with pypdf) and on their public pages, print the
reverse-charge label and write money as the document's locale does (the language and the
customer's country: de+DE, fr+BE, es+ES, it+IT, nl+NL, en+GB); their emails' subjects, taken
from the outbox the real send path writes, say the word too, reminders included."""
import pytest

from app.extensions import db
from app.i18n import LANGUAGES
from app.models import CreditNote, Invoice, Quote
from app.rendering import outbox
from tests.i18n.helpers import LITERALS, NOT_GERMAN, PRICE, REVERSE_CHARGE_REASON, WORDS, money, page_words, pdf_words, unbroken
from tests.support.api import act, send


def _pdf(api, kind: str, document_id: str) -> str:
    response = api.get(f"/v1/{kind}/{document_id}/pdf")
    assert response.status_code == 200, response.status_code
    return pdf_words(response.data)


def _says_the_money(text: str, language: str) -> None:
    """1,234.50 EUR as Babel writes it in the document's locale, and the typed-out literal (its
    no-break spaces may come back from a PDF as plain ones: compared without them)."""
    written = money(PRICE, language)
    assert written in text or unbroken(written) in unbroken(text), f"{written!r} ({language}) not in {text!r}"
    assert unbroken(LITERALS[language]) in unbroken(text), f"{LITERALS[language]!r} ({language}) not in {text!r}"


def _says(text: str, language: str, *words: str) -> None:
    for word in words:
        assert WORDS[language][word] in text, f"{WORDS[language][word]!r} ({language}, {word}) not in {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_are_frozen_in_the_customers_language_when_sent(language, sent_to):
    sent = sent_to(language)
    db.session.expire_all()
    for model, data in ((Invoice, sent.invoice), (CreditNote, sent.credit_note), (Quote, sent.quote)):
        assert db.session.query(model).filter_by(id=data["id"]).one().language == language, model.__name__


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdfs_say_the_words_of_their_language(language, api, sent_to):
    sent = sent_to(language)
    invoice = _pdf(api, "invoices", sent.invoice["id"])
    note = _pdf(api, "credit_notes", sent.credit_note["id"])
    quote = _pdf(api, "quotes", sent.quote["id"])
    for text in (invoice, note, quote):  # the locale's format first: it holds before the words are translated
        _says_the_money(text, language)
        assert REVERSE_CHARGE_REASON in text  # the owner's own text, as typed
    _says(invoice, language, "invoice", "reverse_charge", "supply_date")
    _says(note, language, "credit_note", "reverse_charge", "supply_date")
    _says(quote, language, "quote", "reverse_charge")
    for text in (invoice, note, quote):  # the footer too, drawn by the page's CSS
        assert PAGE_FOOTERS[language] in text, text
    if language == "de":
        for text in (invoice, note, quote):
            assert NOT_GERMAN not in text


PAGE_FOOTERS = {"en": "Page 1 of 1", "de": "Seite 1 von 1", "fr": "Page 1 sur 1", "es": "Página 1 de 1",
                "it": "Pagina 1 di 1", "nl": "Pagina 1 van 1"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_pages_say_the_words_of_their_language(language, client, sent_to):
    sent = sent_to(language)
    invoice = page_words(client.get(f"/i/{sent.invoice['public_token']}"))
    note = page_words(client.get(f"/c/{sent.credit_note['public_token']}"))
    quote = page_words(client.get(f"/q/{sent.quote['public_token']}"))
    for text in (invoice, note, quote):  # the locale's format first: it holds before the words are translated
        _says_the_money(text, language)
    _says(invoice, language, "invoice", "reverse_charge", "supply_date")
    _says(note, language, "credit_note", "reverse_charge")
    _says(quote, language, "quote", "reverse_charge")
    if language == "de":
        for text in (invoice, note, quote):
            assert NOT_GERMAN not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_pages_say_their_language_to_the_browser(language, client, sent_to):
    """Whatever the visitor's browser asks, the page is the document's, and says so."""
    sent = sent_to(language)
    for path in (f"/i/{sent.invoice['public_token']}", f"/c/{sent.credit_note['public_token']}",
                 f"/q/{sent.quote['public_token']}"):
        other = "it" if language != "it" else "de"
        html = client.get(path, headers={"Accept-Language": other}).get_data(as_text=True)
        assert f'<html lang="{language}' in html, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_emails_subjects_say_the_word_of_their_language(language, api, actor, sent_to):
    sent = sent_to(language)
    send(api, sent.invoice["id"])  # again: a reminder
    act(api, sent.quote["id"], "send")  # again: a reminder
    subjects = [message.subject for message in outbox.messages(company_id=actor.company.id)]
    invoice_number, quote_number = sent.invoice["invoice_number"], sent.quote["number"]
    about_invoice = [s for s in subjects if invoice_number in s and sent.credit_note["number"] not in s]
    about_note = [s for s in subjects if sent.credit_note["number"] in s]
    about_quote = [s for s in subjects if quote_number in s]
    assert len(about_invoice) == 2 and len(about_note) == 1 and len(about_quote) == 2, subjects
    words = WORDS[language]
    for subject in about_invoice:  # a reminder's may write it in lower case ("Sollecito: fattura …")
        assert words["invoice"].lower() in subject.lower() and "Acme Studio" in subject, subject
    assert words["credit_note"] in about_note[0] and invoice_number in about_note[0], about_note
    for subject in about_quote:
        assert words["quote"].lower() in subject.lower(), subject
    if language == "en":
        assert sorted(about_invoice) == [f"Invoice {invoice_number} from Acme Studio",
                                         f"Reminder: Invoice {invoice_number} from Acme Studio"]
        assert about_note == [f"Credit note {sent.credit_note['number']} from Acme Studio (invoice {invoice_number})"]
        assert sorted(about_quote) == [f"Quote {quote_number} from Acme Studio",
                                       f"Reminder: Quote {quote_number} from Acme Studio"]
    else:  # the reminder is worded too: its subject is not the English one
        assert not any(subject.startswith("Reminder:") for subject in about_invoice + about_quote), subjects
    if language == "de":
        assert not any(NOT_GERMAN in subject for subject in subjects)
        # long enough to be folded whole onto its own line: it reads back without the fold's space
        assert about_note == [f"Rechnungskorrektur {sent.credit_note['number']} von Acme Studio "
                              f"(Rechnung {invoice_number})"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_emails_bodies_write_money_in_the_documents_locale(language, api, actor, sent_to):
    sent = sent_to(language)
    message = outbox.read(next(m.filename for m in outbox.messages(company_id=actor.company.id)
                               if sent.quote["number"] in m.subject), company_id=actor.company.id)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert unbroken(money(PRICE, language)) in unbroken(body), body
