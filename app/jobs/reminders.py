"""Reminders as due work: find the invoices with a step due; for one invoice claim the step
and build its email (PDF and public link, the same message code as sending) in one committed
transaction, send it with no transaction open, then record the outcome. The claim is
committed before the email goes, so two workers never both send a step; if the email fails,
the claim is released and a later tick tries again."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.jobs.outcome import Done
from app.models import Invoice
from app.rendering import mail
from app.services import reminders, transaction
from app.services.errors import DeliveryFailed
from app.services.tenancy import today_for


def find_work(today: date | None = None) -> list[int]:
    """The pks of invoices with a reminder step due, over every company that has them on."""
    found: list[int] = []
    with transaction():
        for company in db.session.scalars(reminders.enabled_companies()).all():
            found.extend(db.session.scalars(reminders.due_query(company, today or today_for(company))))
    return found


def _subject(invoice: Invoice, claimed: reminders.Claim) -> str | None:
    return f"{claimed.subject} ({invoice.invoice_number})" if claimed.subject else None


def remind(invoice_pk: int, today: date | None = None) -> Done:
    """Send the reminder step due for this invoice, if any and not handled yet."""
    try:
        with transaction():
            claimed = reminders.claim(invoice_pk, today)
            if claimed is None:
                return Done("nothing")
            invoice = db.session.scalars(select(Invoice).where(Invoice.pk == invoice_pk)).one()
            what = f"{invoice.invoice_number}, {reminders.step_label(claimed.days)}"
            to = invoice.customer.contact_email
            message = mail.build_message(invoice, True, _subject(invoice, claimed), claimed.message)
    except IntegrityError:  # another worker claimed this step between our check and our insert
        return Done("nothing")
    except DeliveryFailed as error:  # the PDF could not be made: nothing was claimed
        return Done("failed", f"{what}: not sent, tried again on a later tick ({error.message})")
    try:
        mail.deliver_message(message)
    except BaseException as error:
        with transaction():
            reminders.release(claimed)
        if isinstance(error, DeliveryFailed):
            return Done("failed", f"{what}: not sent, tried again on a later tick ({error.message})")
        raise
    with transaction():
        reminders.confirm(claimed)
    return Done("sent", f"{what}: sent to {to}")
