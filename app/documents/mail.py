"""Invoice emails: SMTP from the MAIL_* settings, else .eml files in the instance outbox."""
from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from flask import current_app, render_template

from app.models import Invoice
from app.services.errors import DeliveryFailed


def public_url(invoice: Invoice) -> str:
    return f"{current_app.config['APP_BASE_URL']}/i/{invoice.public_token}"


def build_message(invoice: Invoice, reminder: bool) -> EmailMessage:
    company = invoice.company
    message = EmailMessage()
    sender = current_app.config["MAIL_FROM"]
    message["From"] = sender
    message["To"] = formataddr((invoice.customer.name, invoice.customer.contact_email))
    prefix = "Reminder: " if reminder else ""
    message["Subject"] = f"{prefix}Invoice {invoice.invoice_number} from {company.name}"
    message["Message-ID"] = make_msgid(domain="corebill.local")
    context = {"invoice": invoice, "company": company, "link": public_url(invoice), "reminder": reminder}
    message.set_content(render_template("mail/invoice.txt", **context))
    return message


def outbox_folder() -> Path:
    return Path(current_app.instance_path) / "outbox"


def _write_eml(message: EmailMessage) -> None:
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    name = f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
    (folder / name).write_bytes(bytes(message))


def _smtp_send(message: EmailMessage) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"The mail server did not accept the message: {error}") from None


def deliver_invoice(invoice: Invoice, reminder: bool) -> None:
    """Send (or write to the outbox) the invoice email; raises DeliveryFailed."""
    message = build_message(invoice, reminder)
    if current_app.config.get("MAIL_SERVER"):
        _smtp_send(message)
    else:
        _write_eml(message)
