"""Recurring invoices as due work: find the active ones whose next issue date has come (in
their company's timezone); for one, issue every started period in one committed transaction
(the row lock and the unique (recurring invoice, period start) make it once), then, when it
asks for it, send the latest invoice issued with the dashboard's own send, in a transaction
of its own. An email that fails leaves that invoice a draft to send by hand; nothing issued
is undone."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from app.documents import mail
from app.extensions import db
from app.jobs.outcome import Done
from app.services import lifecycle, recurring, transaction
from app.services.errors import ServiceError
from app.services.tenancy import Actor

# No timezone is more than 14 hours ahead of UTC: the index range stops at tomorrow (UTC).
AHEAD = timedelta(days=1)


def find_work(today: date | None = None) -> list[int]:
    """The pks of active recurring invoices with a period to issue today."""
    utc_today = datetime.now(timezone.utc).date()
    todays: dict[str, date] = {}
    found = []
    with transaction():
        for pk, next_issue_date, zone in db.session.execute(recurring.due_query(today or utc_today + AHEAD)):
            if today is None and zone not in todays:
                todays[zone] = datetime.now(ZoneInfo(zone or "UTC")).date()
            if next_issue_date <= (today or todays[zone]):
                found.append(pk)
    return found


def issue(recurring_pk: int, today: date | None = None) -> Done:
    """Issue what is due for this recurring invoice; send the latest when it auto-sends."""
    try:
        with transaction():
            issued = recurring.issue_due(recurring_pk, today)
            if not issued:
                return Done("nothing")
            latest = issued[-1]
            numbers = ", ".join(invoice.invoice_number for invoice in issued)
            auto_send = latest.recurring_invoice.auto_send
            latest_id, latest_number, company = latest.id, latest.invoice_number, latest.company
    except IntegrityError:  # another worker issued these periods between our read and our insert
        return Done("nothing")
    if not auto_send:
        return Done("issued", f"{numbers}: issued as draft{'s' if len(issued) > 1 else ''}")
    try:
        with transaction():
            lifecycle.send_invoice(Actor.system(company), latest_id, deliver=mail.deliver_invoice)
    except ServiceError as error:
        return Done("issued", f"{numbers}: issued; {latest_number} not sent, left a draft ({error.message})")
    return Done("issued", f"{numbers}: issued; {latest_number} sent")
