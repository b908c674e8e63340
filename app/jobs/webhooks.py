"""Webhooks as due work (DESIGN §18): the deliveries whose attempt is due, one item each, and
the purge of events older than 30 days; one attempt per run (app.webhooks.delivery claims it,
so two workers never post the same attempt). When an attempt disables its endpoint, this
door emails the company's admins, each in their own language."""
from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

from app.extensions import db
from app.i18n import _, reading
from app.jobs.outcome import Done
from app.models import Company
from app.rendering import headers as mail_headers
from app.rendering import mail, outbox
from app.rendering.pdf import render_document
from app.services import transaction
from app.services.errors import DeliveryFailed
from app.webhooks import delivery

log = logging.getLogger(__name__)
ENDPOINT_HEADER = "X-Corebill-Webhook-Endpoint"


def _moment(when: date | datetime | None) -> datetime | None:
    """The step's clock: a datetime (UTC when naive); a bare day (a caller's ``today``) means the real clock."""
    if isinstance(when, datetime):
        return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
    return None


def find_work(when: date | datetime | None = None) -> list[int]:
    """Purge what is past keeping, then the pks of the deliveries with an attempt due."""
    now = _moment(when)
    delivery.purge(now)
    return delivery.due(now)


def deliver(delivery_pk: int, when: date | datetime | None = None) -> Done:
    """Make the delivery's due attempt (if still due and not taken by another worker)."""
    outcome = delivery.deliver(delivery_pk, _moment(when))
    if outcome.disabled is not None:
        sent = notify_disabled(outcome.disabled)
        return Done(outcome.outcome, f"{outcome.detail}; {sent} admin(s) emailed")
    return Done(outcome.outcome, outcome.detail)


def settings_link() -> str:
    base = current_app.config.get("APP_BASE_URL") or current_app.config.get("APP_BASE_URL_FALLBACK") or ""
    return f"{base.rstrip('/')}/settings/webhooks"


def disabled_message(company: Company, disabled: delivery.Disabled, to: str) -> EmailMessage:
    """The email telling an admin that an endpoint was disabled: its URL, since when its
    attempts failed, and where to enable it again (worded in the current language)."""
    context = {"company": company, "url": disabled.url, "endpoint_id": disabled.endpoint_id,
               "failing_since": disabled.failing_since, "settings_link": settings_link()}
    message = EmailMessage(policy=mail_headers.POLICY)
    message["From"] = mail_headers.configured_sender(current_app.config["MAIL_FROM"])
    message["To"] = mail_headers.mailbox(None, to)
    message["Subject"] = mail_headers.one_line(_("Webhook endpoint disabled: %(url)s", url=disabled.url))
    message["Date"] = datetime.now(timezone.utc)
    message["Message-ID"] = make_msgid(domain="corebill.local")
    message[outbox.COMPANY_HEADER] = company.id
    message[ENDPOINT_HEADER] = disabled.endpoint_id
    message.set_content(render_document("mail/webhook_endpoint_disabled.txt", **context))
    return message


def notify_disabled(disabled: delivery.Disabled) -> int:
    """Email each admin of the company; how many emails went (one that cannot go is logged)."""
    with transaction():
        company = db.session.get(Company, disabled.company_pk)
        messages = []
        for email, language in disabled.admins:
            with reading(language or company.document_language):
                messages.append(disabled_message(company, disabled, email))
    sent = 0
    for message in messages:
        try:
            mail.deliver_message(message)
            sent += 1
        except DeliveryFailed as error:
            log.warning("webhook endpoint %s disabled; %s not emailed: %s", disabled.endpoint_id, message["To"],
                        error.message)
    return sent
