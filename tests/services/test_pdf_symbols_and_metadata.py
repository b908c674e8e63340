"""The invoice PDF prints emoji and symbols DejaVu lacks (in the shipped fallback font, not an
empty box), and carries its metadata: the company as Author, the invoice's creation as
CreationDate, and the company's language, all without making the bytes depend on the moment
or door of rendering."""
import io
from datetime import timezone

from pypdf import PdfReader

from app.invoices import lifecycle
from app.rendering import mail, pdf
from app.rendering.fonts import FACES
from app.services import accounts, transaction

SYMBOLS = "☕ Coffee ✓ 🎂 🥐 📦"


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def fonts_of(reader: PdfReader) -> set[str]:
    return {str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def test_emoji_and_symbols_print_in_the_fallback_font(make_invoice):
    invoice = make_invoice(items=[{"name": SYMBOLS, "quantity": 1, "unit_price": 4}], due_date="2099-01-01")
    reader = read(pdf.invoice_pdf(invoice).content)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for character in "☕✓🎂🥐📦":
        assert character in text, character
    # From the faces shipped in static/fonts (the fallback family among them), not from
    # whatever fontconfig would find on this machine.
    fonts = fonts_of(reader)
    assert all(font.startswith("Corebill-") for font in fonts), fonts
    assert any(font.startswith("Corebill-Symbols") for font in fonts), fonts


def test_the_fallback_face_is_shipped_like_dejavu(app):
    with app.app_context():
        css = pdf.stylesheet()
    assert "font-family: 'Corebill Symbols'" in css and "url('fonts/Symbola_hint.ttf')" in css
    assert FACES["Symbola_hint.ttf"].package == "fonts-symbola"
    assert css.count('"Corebill Sans", "Corebill Symbols", sans-serif') == 2  # the page and its footer


def test_author_creation_date_and_language(actor, make_invoice):
    with transaction():
        accounts.update_company(actor, {"name": "Atelier Dupont", "locale": "fr_FR", "document_language": "fr"})
    invoice = make_invoice(due_date="2099-01-01")
    reader = read(pdf.invoice_pdf(invoice).content)
    info = reader.metadata
    assert info["/Author"] == "Atelier Dupont"
    assert info["/Title"] == f"Facture {invoice.invoice_number}"  # in the document's language (DESIGN §17)
    created = invoice.created_at.astimezone(timezone.utc) if invoice.created_at.tzinfo else invoice.created_at
    assert info["/CreationDate"].startswith("D:" + created.strftime("%Y%m%d%H%M%S"))
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_the_metadata_keeps_the_pdf_the_same_for_every_door(app, client, actor, make_invoice):
    """Rendered again later (cache emptied), and as the email carried it and the link serves it:
    the same bytes."""
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice)
    emailed = pdf.invoice_pdf(invoice)
    pdf.cache().path(emailed.key).unlink()
    again = pdf.invoice_pdf(invoice)
    assert again.rendered is not None and again.content == emailed.content
    served = client.get(f"/i/{invoice.public_token}/pdf")
    assert served.status_code == 200 and served.get_data() == emailed.content
