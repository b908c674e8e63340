"""A quote's PDF (the invoice's layout titled "Quote", with the expiry date, terms and the
decision) read back with pypdf, and its email (subject, link, PDF attached)."""
from app.quotes import lifecycle as quote_lifecycle
from app.rendering import mail, pdf
from app.services import transaction
from tests.support.pdf import pdf_text as text_of
from tests.support.pdf import read


def test_the_pdf_is_titled_quote_with_its_expiry_date_and_terms(actor, make_quote):
    quote = make_quote(expiry_date="2099-05-15", terms="Half on acceptance")
    document = pdf.quote_pdf(quote)
    reader = read(document.content)
    text = text_of(reader)
    assert document.filename == f"{quote.number}.pdf"
    for expected in ("Quote", quote.number, "Valid until", "May 15, 2099", "Half on acceptance", "Web Development",
                     "$8,769.60", "Acme Corp", "Draft"):
        assert expected in text, expected
    assert "Invoice" not in text and "Due date" not in text
    assert reader.metadata.title == f"Quote {quote.number}"


def test_the_pdf_records_the_acceptance(actor, make_quote):
    quote = make_quote(status="sent")
    with transaction():
        quote_lifecycle.client_decides(quote, "accept", name="Jane Client", ip="192.0.2.5")
    text = text_of(read(pdf.quote_pdf(quote).content))
    assert "Accepted by Jane Client" in text and "192.0.2.5" not in text


def test_the_email_carries_the_link_and_the_pdf(actor, make_quote):
    quote = make_quote()
    message = mail.build_quote_message(quote, again=False)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["Subject"] == f"Quote {quote.number} from {actor.company.name}"
    assert f"http://localhost/q/{quote.public_token}" in body and "Valid until: May 15, 2099" in body
    attachment = next(message.iter_attachments())
    assert attachment.get_filename() == f"{quote.number}.pdf" and attachment.get_content().startswith(b"%PDF-")
    assert mail.build_quote_message(quote, again=True)["Subject"].startswith("Reminder: Quote")
