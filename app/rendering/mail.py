"""Document emails (invoices, reminders, quotes, credit notes): SMTP from the MAIL_* settings,
else .eml files in the instance outbox.

Each message has a plain-text and an HTML body (the amounts, the dates, the public link) and
the document's PDF attached, taken from the same content cache the public link serves."""
from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

from app import document_types
from app.i18n import _, _l, speaking
from app.links import invitation_url, public_credit_note_url, public_invoice_url, public_quote_url
from app.models import Invoice, Quote
from app.quotes.context import quote_view
from app.rendering import headers as mail_headers
from app.rendering import outbox
from app.rendering.context import credit_note_view, invoice_view
from app.rendering.pdf import RenderFailed, credit_note_pdf, invoice_pdf, quote_pdf, render_document
from app.services.errors import DeliveryFailed

SMTP_TIMEOUT = 30


def public_url(invoice: Invoice) -> str:
    return public_invoice_url(invoice.public_token)


def _document_message(company, customer, subject: str, headers: dict, kind: str, context: dict,
                      render_pdf) -> EmailMessage:
    """A document's email to ``customer``: the envelope, the plain and HTML bodies rendered
    from its type's ``<mail_template>/mail.txt|.html``, and the PDF ``render_pdf()`` gives
    attached; raises DeliveryFailed (naming the type) when the PDF cannot be produced."""
    document_type = document_types.get(kind)
    template, noun = document_type.mail_template, document_type.singular
    message = EmailMessage(policy=mail_headers.POLICY)
    message["From"] = mail_headers.configured_sender(current_app.config["MAIL_FROM"])
    message["To"] = mail_headers.mailbox(customer.name, customer.contact_email or "")
    if company.email:
        message["Reply-To"] = mail_headers.mailbox(company.name, company.email)
    message["Subject"] = mail_headers.one_line(subject)
    message["Date"] = datetime.now(timezone.utc)
    message["Message-ID"] = make_msgid(domain="corebill.local")
    message[outbox.COMPANY_HEADER] = company.id
    for name, value in headers.items():
        message[name] = value
    message.set_content(render_document(f"{template}/mail.txt", **context))
    message.add_alternative(render_document(f"{template}/mail.html", **context), subtype="html")
    try:
        document = render_pdf()
    except RenderFailed as error:
        # Raised while the message is worded in the client's language, for the owner: English.
        raise DeliveryFailed(f"The {noun} PDF could not be prepared, so nothing was sent: {error}") from None
    message.add_attachment(document.content, maintype="application", subtype="pdf", filename=document.filename)
    return message


def build_message(invoice: Invoice, reminder: bool, subject: str | None = None,
                  note: str | None = None) -> EmailMessage:
    """The complete email; raises DeliveryFailed when the PDF cannot be produced. A reminder
    step may give its own ``subject`` and a ``note`` shown above the amount. It is worded in
    the invoice's language (DESIGN §17)."""
    company = invoice.company
    with speaking(invoice):
        context = {**invoice_view(invoice), "link": public_url(invoice), "reminder": reminder, "note": note}
        words = {"number": invoice.invoice_number, "company": company.name}
        subject = subject or (_("Reminder: Invoice %(number)s from %(company)s", **words) if reminder
                              else _("Invoice %(number)s from %(company)s", **words))
        return _document_message(company, invoice.customer, subject, {outbox.INVOICE_HEADER: invoice.id}, "invoice",
                                 context, lambda: invoice_pdf(invoice))


QUOTE_HEADER = "X-Corebill-Quote"


def build_quote_message(quote: Quote, again: bool) -> EmailMessage:
    """A quote's email (DESIGN §12): the total, the expiry date and the public link where the
    client accepts or declines, with the PDF attached; raises DeliveryFailed without a PDF."""
    company = quote.company
    with speaking(quote):
        context = {**quote_view(quote), "link": public_quote_url(quote.public_token), "again": again}
        words = {"number": quote.number, "company": company.name}
        subject = (_("Reminder: Quote %(number)s from %(company)s", **words) if again
                   else _("Quote %(number)s from %(company)s", **words))
        return _document_message(company, quote.customer, subject, {QUOTE_HEADER: quote.id}, "quote", context,
                                 lambda: quote_pdf(quote))


def build_credit_note_message(note) -> EmailMessage:
    """A credit note's email to the invoice's customer: its total, the invoice it corrects,
    the public link and the PDF; raises DeliveryFailed when the PDF cannot be produced."""
    invoice, company = note.invoice, note.company
    with speaking(note):
        context = {**credit_note_view(note), "link": public_credit_note_url(note.public_token)}
        subject = _("Credit note %(number)s from %(company)s (invoice %(invoice)s)", number=note.number,
                    company=company.name, invoice=invoice.invoice_number)
        return _document_message(company, invoice.customer, subject, {outbox.INVOICE_HEADER: invoice.id},
                                 "credit_note", context, lambda: credit_note_pdf(note))


def deliver_quote(quote: Quote, again: bool) -> None:
    """Send (or write to the outbox) the quote email; raises DeliveryFailed."""
    deliver_message(build_quote_message(quote, again))


def deliver_credit_note(note) -> None:
    """Send (or write to the outbox) the credit note email; raises DeliveryFailed."""
    deliver_message(build_credit_note_message(note))


INVITATION_HEADER = "X-Corebill-Invitation"
ROLE_LABELS = {"admin": _l("an admin"), "member": _l("a member")}


def build_invitation_message(invitation, raw_token: str) -> EmailMessage:
    """The email inviting ``invitation.email`` to join a company: who invites, the role, the
    link (with the token only this email carries) and until when it is open. No attachment.
    It appears in the inviting company's outbox, as its other messages do."""
    company = invitation.company
    inviter = invitation.invited_by
    who = (inviter.name or inviter.email) if inviter is not None else _("An admin of %(company)s", company=company.name)
    context = {"company": company, "inviter": who, "email": invitation.email, "role_label": ROLE_LABELS[invitation.role],
               "link": invitation_url(raw_token), "expires_at": invitation.expires_at}
    message = EmailMessage(policy=mail_headers.POLICY)
    message["From"] = mail_headers.configured_sender(current_app.config["MAIL_FROM"])
    message["To"] = mail_headers.mailbox(None, invitation.email)
    if inviter is not None:
        message["Reply-To"] = mail_headers.mailbox(inviter.name, inviter.email)
    message["Subject"] = mail_headers.one_line(_("%(who)s invited you to join %(company)s on Corebill", who=who,
                                                 company=company.name))
    message["Date"] = datetime.now(timezone.utc)
    message["Message-ID"] = make_msgid(domain="corebill.local")
    message[outbox.COMPANY_HEADER] = company.id
    message[INVITATION_HEADER] = invitation.id
    message.set_content(render_document("mail/invitation.txt", **context))
    message.add_alternative(render_document("mail/invitation.html", **context), subtype="html")
    return message


def deliver_invitation(invitation, raw_token: str) -> None:
    """Send (or write to the outbox) an invitation's email; raises DeliveryFailed."""
    deliver_message(build_invitation_message(invitation, raw_token))


def _smtp_send(message: EmailMessage) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(_("The mail server did not accept the message: %(reason)s",
                               reason=_describe(error))) from None
    if refused:  # some recipients refused: ours is the only one, so this is a failure
        raise DeliveryFailed(_("The mail server refused the recipient: %(recipients)s",
                               recipients=", ".join(refused)))


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address} refused ({code} {reply.decode(errors='replace')})"
                         for address, (code, reply) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        return f"{error.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return str(error) or type(error).__name__


def deliver_invoice(invoice: Invoice, reminder: bool) -> None:
    """Send (or write to the outbox) the invoice email; raises DeliveryFailed."""
    deliver_message(build_message(invoice, reminder))


def deliver_message(message: EmailMessage) -> None:
    """Send a built message over SMTP (or write it to the outbox); raises DeliveryFailed.
    Needs no database, so a job can build under its transaction and send after it."""
    if current_app.config.get("MAIL_SERVER"):
        _smtp_send(message)
        return
    try:
        outbox.write(message)
    except OSError as error:
        raise DeliveryFailed(_("The message could not be written to the outbox: %(error)s", error=error)) from None


def outbox_messages(company_id: str | None = None, limit: int = 50) -> list[outbox.OutboxMessage]:
    """For the dashboard: outbox messages newest first (subject, to, date, filename)."""
    return outbox.messages(company_id=company_id, limit=limit)
