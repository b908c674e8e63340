"""Sending an invoice: a real SMTP server (aiosmtpd) on loopback receives the email with the
PDF; a refusing or unreachable server leaves the invoice as it was; without MAIL_SERVER the
message lands in the instance outbox, which the dashboard lists."""
import io
import socket
from contextlib import contextmanager
from email import policy
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from app.invoices import lifecycle
from app.models import Activity
from app.rendering import mail, outbox, pdf
from app.services import transaction
from app.services.errors import DeliveryFailed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class RefuseRecipients:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Mailbox unavailable"


class RefuseData:
    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 Message rejected as spam"


@contextmanager
def smtp_server(app, handler):
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield controller
    finally:
        app.config.update(saved)
        controller.stop()


def send(actor, invoice):
    with transaction():
        return lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice)


def actions(invoice):
    return [activity.action for activity in Activity.query.filter_by(invoice_pk=invoice.pk).order_by(Activity.pk)]


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    attachments = list(message.iter_attachments())
    return text, html, attachments


def test_smtp_server_receives_recipient_subject_link_and_pdf(app, actor, make_invoice):
    invoice = make_invoice(due_date="2099-06-30")
    recorder = Recorder()
    with smtp_server(app, recorder):
        send(actor, invoice)
    assert invoice.status == "sent" and actions(invoice)[-1] == "invoice.sent"
    [envelope] = recorder.envelopes
    assert envelope.rcpt_tos == ["billing@acme.example.com"]
    message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
    assert message["Subject"] == f"Invoice {invoice.invoice_number} from Acme Studio"
    assert message["To"].addresses[0].addr_spec == "billing@acme.example.com"
    text, html, attachments = parts(message)
    link = f"http://localhost/i/{invoice.public_token}"
    for body in (text, html):
        assert link in body and "$8,769.60" in body and "Jun 30, 2099" in body
    [attachment] = attachments
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{invoice.invoice_number}.pdf"
    content = attachment.get_content()
    reader = PdfReader(io.BytesIO(content))
    assert invoice.invoice_number in reader.pages[0].extract_text()
    # The attachment is the cached document the public link serves.
    assert content == pdf.invoice_pdf(invoice).content


def test_second_send_is_a_reminder(app, actor, make_invoice):
    invoice = make_invoice(due_date="2099-06-30")
    recorder = Recorder()
    with smtp_server(app, recorder):
        send(actor, invoice)
        send(actor, invoice)
    subjects = [BytesParser(policy=policy.default).parsebytes(e.original_content)["Subject"]
                for e in recorder.envelopes]
    assert subjects == [f"Invoice {invoice.invoice_number} from Acme Studio",
                        f"Reminder: Invoice {invoice.invoice_number} from Acme Studio"]


@pytest.mark.parametrize("handler, reason", [(RefuseRecipients(), "550"), (RefuseData(), "554")])
def test_a_refusing_server_leaves_the_invoice_in_draft(app, actor, make_invoice, handler, reason):
    invoice = make_invoice(due_date="2099-06-30")
    with smtp_server(app, handler):
        with pytest.raises(DeliveryFailed, match=reason):
            send(actor, invoice)
    assert invoice.status == "draft" and invoice.sent_at is None and invoice.billing_snapshot is None
    assert "invoice.sent" not in actions(invoice)


def test_an_unreachable_server_leaves_the_invoice_in_draft(app, actor, make_invoice):
    invoice = make_invoice(due_date="2099-06-30")
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        with pytest.raises(DeliveryFailed, match="did not accept"):
            send(actor, invoice)
    finally:
        app.config.update(saved)
    assert invoice.status == "draft" and invoice.billing_snapshot is None
    assert "invoice.sent" not in actions(invoice)


def test_a_pdf_that_cannot_be_rendered_fails_the_send(app, actor, make_invoice):
    invoice = make_invoice(due_date="2099-06-30", items=[{"name": f"L{n}", "quantity": 1, "unit_price": 1}
                                                          for n in range(300)])
    app.config["PDF_RENDER_TIMEOUT"] = 0.01
    try:
        with pytest.raises(DeliveryFailed, match="PDF could not be prepared"):
            send(actor, invoice)
    finally:
        app.config.pop("PDF_RENDER_TIMEOUT")
    assert invoice.status == "draft"


def test_without_mail_server_the_message_goes_to_the_outbox(app, actor, make_account, make_invoice):
    first = make_invoice(due_date="2099-06-30")
    second = make_invoice(due_date="2099-07-31")
    before = {message.filename for message in mail.outbox_messages()}
    send(actor, first)
    send(actor, second)
    other = make_account(company="Other Co")
    third = make_invoice(who=other, due_date="2099-08-31")
    send(other, third)

    listed = [m for m in mail.outbox_messages(company_id=actor.company.id) if m.filename not in before]
    assert [m.invoice_id for m in listed] == [second.id, first.id]  # newest first, own company only
    assert listed[0].subject == f"Invoice {second.invoice_number} from Acme Studio"
    assert "billing@acme.example.com" in listed[0].to and listed[0].date is not None
    message = outbox.read(listed[0].filename, company_id=actor.company.id)
    text, html, [attachment] = parts(message)
    assert f"/i/{second.public_token}" in text and f"/i/{second.public_token}" in html
    assert attachment.get_content() == pdf.invoice_pdf(second).content
    assert outbox.read(listed[0].filename, company_id=other.company.id) is None
    assert outbox.read("../../etc/passwd") is None
    assert second.status == "sent"
