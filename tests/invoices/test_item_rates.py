"""Each item's tax rate (issue 24 #18, Art. 226(8) VAT Directive): when a document's items
carry different rates, every row names its rate(s) on the dashboard page, the client's page
(/i/, /q/, /c/) and the PDF; with one rate for all, the tax summary says it and rows don't."""
import io
import re
from html import unescape

from pypdf import PdfReader

from app.credit_notes import service as credit_notes
from app.extensions import db
from app.models import InvoiceItem
from app.presentation import item_rates
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.rendering import pdf
from app.services import document_items, transaction
from tests.support.documents import rate_copy, send_invoice
from tests.support.fakes import Deliveries

ROWS = {"Consulting": "VAT 19 %", "Books": "VAT 7 %", "Cloud hosting": "VAT 0 % (reverse charge)"}


def rows_of(html: str) -> list[str]:
    """The text of each row of a page's items table, tags dropped."""
    body = re.search(r'<table class="(?:data|items)">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_rows_name_their_rates(html: str):
    rows = rows_of(html)
    for name, rate in ROWS.items():
        [row] = [row for row in rows if row.startswith(name)]
        assert row.startswith(f"{name} {rate}"), row


def assert_pdf_names_rates(text: str):
    for name, rate in ROWS.items():
        assert re.search(rf"{name}\s*\n?{re.escape(rate)}", text), (name, text)


def test_an_invoice_with_several_rates_names_each_rows_rate_at_every_door(app, client, login, actor, world):
    invoice = world["invoice"]
    send_invoice(actor, invoice)
    login(actor.user.email)
    assert_rows_name_their_rates(client.get(f"/invoices/{invoice.id}").get_data(as_text=True))
    assert_rows_name_their_rates(app.test_client().get(f"/i/{invoice.public_token}").get_data(as_text=True))
    assert_pdf_names_rates(pdf_text(pdf.invoice_pdf(invoice).content))


def test_a_quote_and_a_credit_note_name_each_rows_rate(app, client, login, actor, world):
    rates = world["rates"]
    items = [{"name": name, "quantity": 1, "unit_price": "10", "tax_rates": [rates[key].id]}
             for name, key in zip(ROWS, ("vat19", "vat7", "rc"))]
    with transaction():
        quote = quotes.create_quote(actor, {"customer_id": world["customer"].id, "items": items})
    with transaction():
        quote_lifecycle.send_quote(actor, quote.id, Deliveries())
    login(actor.user.email)
    assert_rows_name_their_rates(client.get(f"/quotes/{quote.id}").get_data(as_text=True))
    assert_rows_name_their_rates(app.test_client().get(f"/q/{quote.public_token}").get_data(as_text=True))
    assert_pdf_names_rates(pdf_text(pdf.quote_pdf(quote).content))

    invoice = world["invoice"]
    send_invoice(actor, invoice)
    lines = [{"description": name, "quantity": 1, "unit_price": "1", "tax_rate_ids": [rates[key].id]}
             for name, key in zip(ROWS, ("vat19", "vat7", "rc"))]
    with transaction():
        note = credit_notes.create_credit_note(actor, {"invoice_id": invoice.id, "lines": lines})
    assert_rows_name_their_rates(client.get(f"/credit_notes/{note.id}").get_data(as_text=True))
    assert_rows_name_their_rates(app.test_client().get(f"/c/{note.public_token}").get_data(as_text=True))
    assert_pdf_names_rates(pdf_text(pdf.credit_note_pdf(note).content))


def test_one_rate_for_every_item_is_not_repeated_on_each_row(actor, world):
    invoice = world["invoice"]
    with transaction():
        rows = document_items.rows_of(invoice)
        for row in rows:
            row["tax_rates"] = [rate_copy(world["rates"]["vat7"])]
        document_items.apply_items(invoice, rows, InvoiceItem)
    db.session.expire_all()
    assert item_rates(invoice.items) is None
    assert "VAT 7 %" not in pdf_text(pdf.invoice_pdf(invoice).content)


def test_the_rate_words_follow_the_locale_and_name_a_row_without_tax():
    class Item:
        def __init__(self, *copies):
            self.tax_rates = list(copies) or None
    gst, qst = {"name": "GST", "percentage": "5", "category": "S"}, {"name": "QST", "percentage": "9.975"}
    assert item_rates([Item(gst, qst), Item()], "de_DE") == ["GST 5 % + QST 9,975 %", "No tax"]
