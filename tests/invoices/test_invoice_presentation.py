"""One presentation of an invoice: the dashboard, the public page, the PDF and the mail show
the same totals from one partial, a cancelled invoice owes nothing on any of them, and
amounts read the same everywhere (flash messages too)."""
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.api.serializers import invoice_json
from app.invoices import lifecycle
from app.rendering import mail, pdf
from app.rendering.context import invoice_view
from app.services import transaction
from tests.support.html import flashes, text_of


def no_mail(invoice, reminder):
    return None


def totals_table(html: str) -> str:
    """The totals table of a page, as its visible words."""
    table = re.search(r'<table class="totals">.*?</table>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


@pytest.fixture()
def partly_paid(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        lifecycle.record_payment(actor, invoice.id, {"amount": "1000"})
        lifecycle.refund_invoice(actor, invoice.id, {"amount": "200"})
    return invoice


def test_the_dashboard_public_page_pdf_and_mail_show_the_same_totals(client, owner, partly_paid):
    dashboard = totals_table(text_of(client.get(f"/invoices/{partly_paid.id}")))
    public = totals_table(text_of(client.get(f"/i/{partly_paid.public_token}")))
    document = totals_table(pdf.render_html(partly_paid))
    message = mail.build_message(partly_paid, reminder=True)
    emailed = totals_table(message.get_body(("html",)).get_content())
    assert dashboard == public == document == emailed
    assert dashboard == ("Subtotal $8,400.00 Discount (10%) −$840.00 Subtotal after discount $7,560.00 "
                         "Tax (16%) $1,209.60 Total $8,769.60 Paid −$1,000.00 Refunded $200.00 Credited −$200.00 "
                         "Amount due $7,769.60")  # the refund's credit note (DESIGN §11)


def test_a_cancelled_invoice_owes_nothing_on_every_page_and_document(client, owner, actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        lifecycle.cancel_invoice(actor, invoice.id, "Ordered twice")
    detail = text_of(client.get(f"/invoices/{invoice.id}"))
    assert re.search(r'<span class="label">Amount due</span><span class="amount big">\$0\.00</span>', detail)
    assert "Amount due $0.00" in totals_table(detail)
    listed = text_of(client.get("/invoices"))
    assert "$8,769.60" in listed and listed.count("$0.00") == 1  # total shown, nothing due
    page = text_of(client.get(f"/i/{invoice.public_token}"))
    assert "No payment is due." in page and '<p class="amount-due">$0.00</p>' in page
    assert "$8,769.60</td></tr>" in page and "Amount due $0.00" in totals_table(page)
    document = PdfReader(io.BytesIO(pdf.invoice_pdf(invoice).content)).pages[0].extract_text()
    assert "Amount due $0.00" in document and "Total $8,769.60" in document
    assert invoice_view(invoice)["owed"] == 0
    text = mail.build_message(invoice, reminder=True).get_body(("plain",)).get_content()
    assert "Amount due: $0.00" in text
    # The stored amount (and the API's) is 0 too: a cancellation credit note credited what was owed.
    assert invoice.amount_due == invoice_json(invoice, date.today())["amount_due"] == 0
    assert invoice.amount_credited == Decimal("8769.60") and invoice.credit_notes[0].type == "cancellation"


def test_flash_messages_show_formatted_amounts(client, owner, make_invoice, db):
    invoice = make_invoice(due_date="2099-01-01", currency="EUR")
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, no_mail)
    html = text_of(client.post(f"/invoices/{invoice.id}/payment", data={"amount": "930.48"}, follow_redirects=True))
    assert "Payment of €930.48 recorded." in flashes(html)
    html = text_of(client.post(f"/invoices/{invoice.id}/refund", data={"amount": "30.48"}, follow_redirects=True))
    assert "Refund of €30.48 recorded." in flashes(html)
