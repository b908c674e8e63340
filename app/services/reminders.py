"""Payment reminders (DESIGN §13): the company's steps, which invoice is due for which step
on a given day, and the claim that makes a step send at most once.

A step is a number of days relative to the due date (negative: before it) with an optional
subject and message. On a day, an invoice's due step is the latest step whose day has come,
if that day is at most ``LATE_LIMIT_DAYS`` ago: after downtime only the latest missed step is
sent, and the earlier missed ones are recorded as skipped. ``reminders_sent`` has one row per
(invoice, step) ever handled, unique, so two workers (or the same tick run twice) cannot both
send a step. Like every service, these functions flush and never commit; the background
engine (app/jobs) commits the claim before mailing and the outcome after.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, exists, false, select

from app import limits
from app.extensions import db
from app.i18n import _, ngettext
from app.invoices.service import get_invoice
from app.invoices.states import INVOICE
from app.models import Company, Customer, Invoice, ReminderSent
from app.models.base import utcnow
from app.services import inputs, tenancy
from app.services.activity import record
from app.services.errors import ValidationError
from app.services.inputs import Errors
from app.services.tenancy import Actor, today_for

REMINDABLE = INVOICE.statuses_for("auto_remind")  # the statuses of the scheduled reminders
MIN_DAYS, MAX_DAYS = -365, 365
MAX_STEPS = 10
LATE_LIMIT_DAYS = 30  # a step whose day is further back is never sent (see the README's Decisions)
SETTINGS_FIELDS = {"reminders_enabled", "reminder_steps"}
STEP_FIELDS = {"days", "subject", "message"}
WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]{1,4}$")


# --- the company's setting ------------------------------------------------------------------

def steps_of(company: Company) -> list[dict]:
    """The company's steps, earliest first: ``[{"days", "subject", "message"}]``."""
    return sorted((dict(step) for step in company.reminder_steps or []), key=lambda step: step["days"])


def settings_of(company: Company) -> dict:
    """The setting as the dashboard and the API show it."""
    return {"reminders_enabled": bool(company.reminders_enabled), "reminder_steps": steps_of(company)}


def _days(value: object, field: str) -> int:
    if isinstance(value, str) and WHOLE_NUMBER.match(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Must be a whole number of days (negative: before the due date).")})
    if not MIN_DAYS <= value <= MAX_DAYS:
        raise ValidationError({field: _("Must be between %(min)s and %(max)s days.", min=MIN_DAYS, max=MAX_DAYS)})
    return value


def clean_steps(value: object) -> list[dict]:
    """Checked steps, earliest first; errors name ``reminder_steps.<n>.<field>``."""
    if not isinstance(value, list):
        raise ValidationError({"reminder_steps": _("Must be a list of steps.")})
    if len(value) > MAX_STEPS:
        raise ValidationError({"reminder_steps": _("At most %(count)s steps.", count=MAX_STEPS)})
    errors, steps, seen = Errors(), [], set()
    for _index, where, step in inputs.objects(value, STEP_FIELDS, errors, "reminder_steps.{}",
                                              _("Must be an object with days, subject and message.")):
        if step.get("days") in (None, ""):
            errors[where + "days"] = _("This field is required.")
            continue
        days = errors.capture(_days, step["days"], where + "days")
        subject = errors.capture(inputs.text, step.get("subject"), where + "subject", max_length=limits.REMINDER_SUBJECT)
        message = errors.capture(inputs.text, step.get("message"), where + "message", max_length=limits.REMINDER_MESSAGE,
                                 multiline=True)
        if days is None:
            continue
        if days in seen:
            errors[where + "days"] = _("Another step is already %(when)s; each day may have one step.",
                                         when=step_label(days))
        seen.add(days)
        steps.append({"days": days, "subject": subject, "message": message})
    errors.raise_if_any()
    return sorted(steps, key=lambda step: step["days"])


def clean_settings(company: Company | None, data: dict) -> dict:
    """``reminders_enabled`` and/or ``reminder_steps`` checked, as the changes to make to
    ``company`` (None: a company being created, with no steps yet)."""
    inputs.reject_unknown(data, SETTINGS_FIELDS)
    errors = Errors()
    changes = {}
    if "reminders_enabled" in data:
        changes["reminders_enabled"] = errors.capture(inputs.boolean, data["reminders_enabled"], "reminders_enabled")
    if "reminder_steps" in data:
        changes["reminder_steps"] = errors.capture(clean_steps, data["reminder_steps"])
    errors.raise_if_any()
    steps = changes.get("reminder_steps", steps_of(company) if company is not None else [])
    enabled = changes.get("reminders_enabled", company.reminders_enabled if company is not None else False)
    if enabled and not steps:
        raise ValidationError({"reminder_steps": _("Add at least one step before switching reminders on.")})
    return changes


def update_settings(actor: Actor, data: dict) -> Company:
    """Change ``reminders_enabled`` and/or ``reminder_steps`` (admins only)."""
    actor.require("change_reminders")
    changes = clean_settings(actor.company, data)
    for field, value in changes.items():
        setattr(actor.company, field, value)
    db.session.flush()
    return actor.company


def step_label(days: int) -> str:
    if days == 0:
        return _("on the due date")
    if days < 0:
        return ngettext("%(num)d day before the due date", "%(num)d days before the due date", -days)
    return ngettext("%(num)d day after the due date", "%(num)d days after the due date", days)


# --- which step is due ----------------------------------------------------------------------

def latest_due_step(days: list[int], due_date: date, today: date) -> int | None:
    """The step an invoice due on ``due_date`` is due for on ``today``: the latest step whose
    day has come, unless that day is more than LATE_LIMIT_DAYS ago."""
    passed = [step for step in sorted(days) if due_date + timedelta(days=step) <= today]
    if not passed or due_date + timedelta(days=passed[-1]) < today - timedelta(days=LATE_LIMIT_DAYS):
        return None
    return passed[-1]


def due_windows(days: list[int], today: date) -> list[tuple[int, date, date]]:
    """For each step, the due dates whose latest due step it is on ``today`` (the SQL twin of
    :func:`latest_due_step`): ``(step, first due date, last due date)``; empty ones left out."""
    ordered = sorted(days)
    windows = []
    for index, step in enumerate(ordered):
        first = today - timedelta(days=step + LATE_LIMIT_DAYS)
        if index + 1 < len(ordered):  # the next step's day must not have come yet
            first = max(first, today - timedelta(days=ordered[index + 1] - 1))
        last = today - timedelta(days=step)
        if first <= last:
            windows.append((step, first, last))
    return windows


def _eligible(company: Company):
    """``SELECT invoices.pk`` of the company's invoices that take reminders: open, live, not
    excluded, money owed, and a customer who takes reminders by email."""
    takes_reminders = exists().where(Customer.pk == Invoice.customer_pk, Customer.send_reminders.is_(True),
                                     Customer.contact_email.is_not(None))
    # The customer test is a correlated EXISTS, not a join: with a join, SQLite's planner (after
    # ANALYZE) walked every open invoice customer by customer instead of the due-date range.
    return (tenancy.scoped(Invoice, company).with_only_columns(Invoice.pk)
            .where(Invoice.status.in_(REMINDABLE), Invoice.reminders_excluded.is_(False), Invoice.amount_due > 0,
                   takes_reminders))


def due_query(company: Company, today: date):
    """``SELECT invoices.pk`` of the company's invoices with a step due on ``today`` that no
    row of ``reminders_sent`` covers yet. It reads the (company, status, due date) index over
    the steps' windows only, so a tick with nothing due does not walk every open invoice. No
    ORDER BY: SQLite would walk the company's invoices in pk order to avoid a sort."""
    windows = due_windows([step["days"] for step in steps_of(company)], today)
    if not company.reminders_enabled or not windows:
        return select(Invoice.pk).where(false())
    # The step whose window holds the row's due date (NULL between windows, where nothing is due).
    step_of_row = case(*((Invoice.due_date.between(first, last), step) for step, first, last in windows))
    handled = exists().where(ReminderSent.invoice_pk == Invoice.pk, ReminderSent.step_days >= step_of_row)
    return _eligible(company).where(Invoice.due_date.between(windows[-1][1], windows[0][2]),
                                     step_of_row.is_not(None), ~handled)


def enabled_companies():
    return select(Company).where(Company.reminders_enabled.is_(True)).order_by(Company.pk)


# --- claiming, and what happened ----------------------------------------------------------

@dataclass(frozen=True)
class Claim:
    """A step claimed for sending: the row is committed as ``sending`` before the email goes."""
    row_pk: int
    invoice_pk: int
    days: int
    subject: str | None
    message: str | None


def claim(invoice_pk: int, today: date | None = None) -> Claim | None:
    """Lock the invoice, and if a step is due for it and no row covers it, record the step as
    ``sending`` (and the earlier missed steps as skipped). None when nothing is due."""
    invoice = db.session.scalars(select(Invoice).where(Invoice.pk == invoice_pk).with_for_update()).first()
    if invoice is None:
        return None
    company = invoice.company
    today = today or today_for(company)
    eligible = db.session.scalar(_eligible(company).where(Invoice.pk == invoice_pk))
    steps = {step["days"]: step for step in steps_of(company)}
    days = latest_due_step(list(steps), invoice.due_date, today)
    if not company.reminders_enabled or eligible is None or days is None:
        return None
    handled = set(db.session.scalars(select(ReminderSent.step_days).where(ReminderSent.invoice_pk == invoice_pk)))
    if any(step >= days for step in handled):
        return None
    actor = Actor.system(company)
    for missed in sorted(step for step in steps if step < days and step not in handled):
        db.session.add(ReminderSent(company_pk=company.pk, invoice_pk=invoice_pk, step_days=missed, outcome="skipped"))
        record(actor, invoice, "invoice.reminder_skipped", step=missed, instead=days)
    row = ReminderSent(company_pk=company.pk, invoice_pk=invoice_pk, step_days=days, outcome="sending")
    db.session.add(row)
    db.session.flush()  # the unique constraint speaks here if another worker got there first
    return Claim(row.pk, invoice_pk, days, steps[days].get("subject"), steps[days].get("message"))


def confirm(claimed: Claim) -> ReminderSent:
    """The server accepted the email: the step is sent, and the invoice's activity says so."""
    row = db.session.get(ReminderSent, claimed.row_pk)
    row.outcome, row.sent_at = "sent", utcnow()
    invoice = row.invoice
    record(Actor.system(invoice.company), invoice, "invoice.reminder_sent", to=invoice.customer.contact_email,
           step=claimed.days)
    db.session.flush()
    return row


def release(claimed: Claim) -> None:
    """The email could not be sent: forget the claim, so a later tick tries the step again."""
    db.session.query(ReminderSent).filter(ReminderSent.pk == claimed.row_pk,
                                          ReminderSent.outcome == "sending").delete()
    db.session.flush()


# --- one invoice ------------------------------------------------------------------------

def set_excluded(actor: Actor, invoice_id: str, excluded: object) -> Invoice:
    """Stop (``excluded=True``) or resume automatic reminders for one invoice."""
    inputs.boolean(excluded, "reminders_excluded")
    invoice = get_invoice(actor, invoice_id, for_update=True)
    if invoice.reminders_excluded != excluded:
        invoice.reminders_excluded = excluded
        record(actor, invoice, "invoice.reminders_stopped" if excluded else "invoice.reminders_resumed")
    db.session.flush()
    return invoice


def toggle_of(invoice: Invoice) -> str | None:
    """The button an invoice's reminders offer: "resume" once stopped; "stop" only while the
    company sends reminders and the customer takes them (otherwise none would go out to stop)."""
    if invoice.reminders_excluded:
        return "resume"
    if invoice.company.reminders_enabled and invoice.customer.send_reminders:
        return "stop"
    return None


def state_of(invoice: Invoice) -> str:
    """Whether this invoice gets automatic reminders, in words, for its page."""
    company, customer = invoice.company, invoice.customer
    if not company.reminders_enabled:
        return _("Automatic reminders are off for %(company)s.", company=company.name)
    if invoice.reminders_excluded:
        return _("Automatic reminders are stopped for this invoice.")
    if not customer.send_reminders:
        return _("%(customer)s does not take automatic reminders.", customer=customer.name)
    if not customer.contact_email:
        return _("%(customer)s has no email address for reminders.", customer=customer.name)
    if invoice.status == "draft":
        return _("Automatic reminders start once the invoice is sent.")
    if invoice.status not in REMINDABLE or invoice.amount_due <= 0:
        return _("No automatic reminders: nothing is awaited on this invoice now.")
    return _("Automatic reminders are on for this invoice.")
