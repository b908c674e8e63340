"""Recurring invoices as due work: find the active ones whose next issue date has come (in
their company's timezone), in groups of up to ``GROUP`` schedules (one job each: a tick with
thousands due commits once per group, not once per schedule). A group is issued in one
savepoint of its transaction (:mod:`app.recurring.issue`: the row locks and the
unique (recurring invoice, period start) make each period once); should it meet a period
issued meanwhile, its schedules are issued one savepoint each. After the commit, the invoice
of the period that contains today is sent, for each schedule that asks for it, with the
dashboard's own send, in a transaction of its own. A catch-up (a start in the past, or ticks
missed) issues its back-dated periods as drafts and sends nothing until its last tick reaches
today's period. An email that fails leaves that invoice a draft to send by hand; nothing
issued is undone."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.invoices import lifecycle
from app.jobs.outcome import Done
from app.models import Company
from app.recurring import issue as recurring_issue
from app.recurring import service as recurring
from app.recurring.issue import Issued
from app.rendering import mail
from app.services import transaction
from app.services.errors import ServiceError
from app.services.tenancy import Actor

log = logging.getLogger(__name__)
# No timezone is more than 14 hours ahead of UTC: the index range stops at tomorrow (UTC).
AHEAD = timedelta(days=1)
GROUP = 50


def find_work(today: date | None = None) -> list[tuple[int, ...]]:
    """Groups of pks of active recurring invoices with a period to issue today."""
    utc_today = datetime.now(timezone.utc).date()
    todays: dict[str, date] = {}
    found = []
    with transaction():
        for pk, next_issue_date, zone in db.session.execute(recurring.due_query(today or utc_today + AHEAD)):
            if today is None and zone not in todays:
                todays[zone] = datetime.now(ZoneInfo(zone or "UTC")).date()
            if next_issue_date <= (today or todays[zone]):
                found.append(pk)
    return [tuple(found[start:start + GROUP]) for start in range(0, len(found), GROUP)]


def _issue_group(group: tuple[int, ...], today: date | None) -> tuple[list[Issued], dict[int, str]]:
    """Issue the group in one savepoint. Should another writer have issued one of its periods
    since (the unique (recurring invoice, period start) speaks), each schedule is issued again
    in a savepoint of its own, and those already issued are left alone."""
    try:
        with db.session.begin_nested():
            return recurring_issue.issue_due(group, today)
    except IntegrityError:
        if len(group) == 1:
            return [], {}
    issued, failed = [], {}
    for pk in group:
        one, why = _issue_group((pk,), today)
        issued += one
        failed.update(why)
    return issued, failed


def _send(done: Issued) -> str:
    try:
        with transaction():
            invoice = lifecycle.send_invoice(Actor.system(db.session.get(Company, done.company_pk)), done.latest_id,
                                             deliver=mail.deliver_invoice)
            to = invoice.customer.contact_email
    except ServiceError as error:
        return f"{done.latest_number} not sent, left a draft ({error.message})"
    return f"{done.latest_number} sent to {to}"


def issue(pks: int | tuple[int, ...], today: date | None = None) -> Done:
    """Issue what is due for these recurring invoices; of each that auto-sends, send the
    invoice of today's period once it is issued (back-dated ones stay drafts)."""
    group = (pks,) if isinstance(pks, int) else tuple(pks)
    with transaction():
        results, failed = _issue_group(group, today)
    for pk, why in failed.items():  # e.g. a money rule broken: this schedule waits, the others go on
        log.warning("recurring invoice %s: not issued (%s)", pk, why)
    lines = []
    for done in results:
        plural = "s" if len(done.numbers) > 1 else ""
        if done.to_send:
            lines.append(f"{', '.join(done.numbers)}: issued; {_send(done)}")
        elif done.auto_send:  # a catch-up that has not reached today's period yet
            lines.append(f"{', '.join(done.numbers)}: issued as draft{plural}, not emailed (back-dated periods)")
        else:
            lines.append(f"{', '.join(done.numbers)}: issued as draft{plural}")
    if not results and not failed:
        return Done("nothing")
    if failed:
        lines.append(f"{len(failed)} recurring invoice(s) not issued, tried again on a later tick (see the log)")
    return Done("issued" if results else "failed", "\n".join(lines), count=len(results) or len(failed))
