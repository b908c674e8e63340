"""Shared set-up of the reminder tests: a company with steps, sent invoices, the outbox."""
from email import policy
from email.parser import BytesParser

from sqlalchemy import select

from app.extensions import db
from app.invoices import lifecycle
from app.models import Activity, ReminderSent
from app.rendering import outbox
from app.services import reminders, transaction

STEPS = [{"days": -3, "subject": None, "message": None}, {"days": 0}, {"days": 7, "subject": "Still unpaid",
                                                                        "message": "Please pay this week."}]


def no_mail(invoice, reminder):
    return None


def switch_on(actor, steps=STEPS):
    with transaction():
        reminders.update_settings(actor, {"reminders_enabled": True, "reminder_steps": steps})


def sent_invoice(actor, make_invoice, due_date="2025-05-15", **fields):
    invoice = make_invoice(who=actor, issue_date="2025-04-15", due_date=due_date, **fields)
    with transaction():
        return lifecycle.send_invoice(actor, invoice.id, deliver=no_mail)


def rows(invoice) -> list[tuple[int, str]]:
    return [(row.step_days, row.outcome) for row in db.session.scalars(
        select(ReminderSent).where(ReminderSent.invoice_pk == invoice.pk).order_by(ReminderSent.step_days))]


def reminder_activities(invoice) -> list[tuple[str, dict]]:
    return [(entry.action, entry.details) for entry in db.session.scalars(
        select(Activity).where(Activity.invoice_pk == invoice.pk, Activity.action.like("invoice.reminder%"))
        .order_by(Activity.pk))]


def mails_of(company) -> list:
    """The reminder messages in the outbox for this company, oldest first."""
    found = []
    for entry in reversed(outbox.messages(company_id=company.id, limit=500)):
        with open(outbox.folder() / entry.filename, "rb") as handle:
            found.append(BytesParser(policy=policy.default).parse(handle))
    return found
