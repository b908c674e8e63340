"""The outbox message page shows the invoice PDF the email carries, with a download link that
serves exactly those bytes, to members of the sending company only."""
import re

from app.invoices import lifecycle
from app.rendering import mail, pdf
from app.services import transaction
from tests.support.html import text_of


def send(who, invoice):
    with transaction():
        lifecycle.send_invoice(who, invoice.id, deliver=mail.deliver_invoice)
    return mail.outbox_messages(company_id=who.company.id)[0].filename


def test_the_message_page_links_the_attached_pdf(client, owner, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    filename = send(owner, invoice)
    page = client.get(f"/settings/outbox/{filename}").get_data(as_text=True)
    link = f"/settings/outbox/{filename}/pdf"
    assert re.search(rf'<a href="{re.escape(link)}" download>{invoice.invoice_number}\.pdf</a>', page), page
    assert "KB)" in text_of(client.get(f"/settings/outbox/{filename}"))
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={invoice.invoice_number}.pdf"
    assert response.get_data() == pdf.invoice_pdf(invoice).content
    unknown = "20250101T000000000000-none.eml"
    assert client.get(f"/settings/outbox/{unknown}/pdf").status_code == 404


def test_another_companys_attachment_is_404(client, owner, make_account, make_invoice):
    stranger = make_account(email="other@example.com", company="Other Co")
    filename = send(stranger, make_invoice(who=stranger, due_date="2099-01-01"))
    assert client.get(f"/settings/outbox/{filename}/pdf").status_code == 404
