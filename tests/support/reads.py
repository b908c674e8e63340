"""Reading what the code under test stored or sent: issued periods, reminder rows and activities,
the outbox."""
from email import policy
from email.parser import BytesParser

from sqlalchemy import select

from app.extensions import db
from app.models import Activity, Invoice, ReminderSent
from app.rendering import outbox


def issued(rec) -> list[Invoice]:
    """Its invoices, oldest period first (read fresh)."""
    db.session.expire_all()
    return list(db.session.scalars(select(Invoice).where(Invoice.recurring_invoice_pk == rec.pk)
                                   .order_by(Invoice.recurring_period_start)))


def periods(rec) -> list[tuple[str, str, str]]:
    return [(invoice.issue_date.isoformat(), invoice.supply_period_end.isoformat(), invoice.status)
            for invoice in issued(rec)]


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


def stored_refused_text() -> list[str]:
    """Every stored text (and string in a JSON column) holding a character the rule refuses."""
    from sqlalchemy import JSON, String, Text, select

    from app.characters import FORBIDDEN
    from app.extensions import db

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, dict)):
            for entry in value.values() if isinstance(value, dict) else value:
                yield from strings(entry)
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, (String, Text, JSON))]
        for row in db.session.execute(select(*columns)) if columns else []:
            for column, value in zip(columns, row):
                if any(FORBIDDEN.search(text) for text in strings(value)):
                    found.append(f"{table.name}.{column.name}: {value!r}")
    return found
