"""Recurring invoices, the service: fields and their checks, the schedule, issuing (one
invoice per period, each with its own dates, after downtime too), pause, resume, cancel."""
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.jobs import due
from app.jobs import recurring as job
from app.models import Invoice
from app.recurring import service as recurring
from app.recurring import states as recurring_states
from app.services import customers, transaction
from app.services.errors import Forbidden, InvalidTransition, NotEditable, NotFound, ValidationError
from app.services.tenancy import Actor
from tests.support.data import RECURRING_ITEMS as ITEMS
from tests.support.reads import issued, mails_of, periods


def tick(day: str):
    return due.run_due(date.fromisoformat(day))


def test_create_prices_items_and_sets_the_schedule(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    assert rec.id.startswith("rec_") and rec.status == "active" and rec.auto_send is False
    assert (rec.interval, rec.interval_count, rec.due_days, rec.issued_count) == ("month", 1, 30, 0)
    assert rec.next_issue_date == date(2027, 1, 31)
    assert rec.subtotal == Decimal("209.00") and rec.total == Decimal("248.71")
    assert [item.item_name for item in rec.items] == ["Hosting", "Support"]
    assert recurring.upcoming_dates(rec) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
                                             date(2027, 4, 30), date(2027, 5, 31)]


@pytest.mark.parametrize("fields,field", [
    ({"interval": "fortnight"}, "interval"),
    ({"interval_count": 0}, "interval_count"),
    ({"interval_count": "x"}, "interval_count"),
    ({"end_date": "2027-01-30"}, "end_date"),
    ({"end_date": "2027-05-01", "count": 3}, "count"),
    ({"count": 0}, "count"),
    ({"due_days": -1}, "due_days"),
    ({"auto_send": "maybe"}, "auto_send"),
    ({"start_date": "31/01/2027"}, "start_date"),
    ({"customer_id": "cus_nope"}, "customer_id"),
    ({"items": [{"name": "", "unit_price": 1}]}, "items[0].item_name"),
])
def test_bad_fields_are_refused_and_nothing_is_saved(actor, make_customer, fields, field, make_recurring):
    customer = make_customer()
    with pytest.raises(ValidationError) as error:
        make_recurring(actor, customer, **fields)
    assert field in error.value.errors
    assert db.session.scalars(recurring.list_query(actor)).all() == []


def test_customer_and_interval_are_required(actor):
    with pytest.raises(ValidationError) as error, transaction():
        recurring.create_recurring(actor, {})
    assert set(error.value.errors) == {"customer_id", "interval"}


def test_each_period_is_issued_once_with_its_dates_and_the_recurring_fields(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), due_days=14)
    tick("2027-01-30")
    assert issued(rec) == []
    tick("2027-01-31")
    tick("2027-01-31")
    [invoice] = issued(rec)
    assert (invoice.status, invoice.issue_date, invoice.due_date) == ("draft", date(2027, 1, 31), date(2027, 2, 14))
    assert (invoice.supply_period_start, invoice.supply_period_end) == (date(2027, 1, 31), date(2027, 2, 27))
    assert invoice.recurring_invoice.id == rec.id and invoice.total == rec.total
    assert (invoice.notes, invoice.payment_terms, invoice.tax_rate) == ("Thank you", "Net 14", Decimal(19))
    assert [(item.item_name, item.quantity) for item in invoice.items] == [("Hosting", 1), ("Support", 2)]
    db.session.refresh(rec)
    assert (rec.issued_count, rec.next_issue_date) == (1, date(2027, 2, 28))


def test_downtime_issues_every_missed_period_and_sends_only_the_latest(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), auto_send=True)
    report = tick("2027-05-15")
    assert periods(rec) == [("2027-01-31", "2027-02-27", "draft"), ("2027-02-28", "2027-03-30", "draft"),
                            ("2027-03-31", "2027-04-29", "draft"), ("2027-04-30", "2027-05-30", "sent")]
    assert report.counts["recurring"] == {"issued": 1}
    [mail] = mails_of(actor.company)
    assert issued(rec)[-1].invoice_number in mail["Subject"]
    assert tick("2027-05-15").counts["recurring"] == {}


def test_count_includes_the_first_invoice_and_completes(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), interval="week", interval_count=2, start_date="2027-03-01", count=3)
    tick("2027-12-31")
    assert [row[0] for row in periods(rec)] == ["2027-03-01", "2027-03-15", "2027-03-29"]
    db.session.refresh(rec)
    assert (rec.status, rec.issued_count, rec.next_issue_date) == ("completed", 3, None)
    assert recurring.upcoming_dates(rec) == []


def test_end_date_is_the_last_day_a_period_may_start(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), interval="year", start_date="2028-02-29", end_date="2030-02-28")
    tick("2031-01-01")
    assert [row[:2] for row in periods(rec)] == [("2028-02-29", "2029-02-27"), ("2029-02-28", "2030-02-27"),
                                                 ("2030-02-28", "2031-02-27")]
    db.session.refresh(rec)
    assert rec.status == "completed"


def test_pause_stops_issuing_and_resume_skips_the_periods_of_the_pause(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), interval="day", start_date="2027-01-01")
    tick("2027-01-02")
    with transaction():
        recurring.pause(actor, rec.id)
    tick("2027-01-10")
    assert len(issued(rec)) == 2
    with pytest.raises(InvalidTransition), transaction():
        recurring.pause(actor, rec.id)
    with time_machine.travel("2027-01-10 12:00:00+00:00", tick=False), transaction():
        resumed = recurring.resume(actor, rec.id)
    assert (resumed.status, resumed.next_issue_date) == ("active", date(2027, 1, 10))
    tick("2027-01-11")
    assert [row[0] for row in periods(rec)] == ["2027-01-01", "2027-01-02", "2027-01-10", "2027-01-11"]


def test_cancel_ends_it_and_delete_needs_nothing_issued(actor, make_customer, make_recurring):
    customer = make_customer()
    rec = make_recurring(actor, customer)
    tick("2027-01-31")
    with pytest.raises(InvalidTransition) as refused, transaction():
        recurring.delete(actor, rec.id)
    assert "cancelled" in refused.value.message
    with transaction():
        cancelled = recurring.cancel(actor, rec.id)
    assert (cancelled.status, cancelled.next_issue_date) == ("cancelled", None)
    tick("2027-06-30")
    assert len(issued(rec)) == 1
    with pytest.raises(InvalidTransition), transaction():
        recurring.resume(actor, rec.id)
    unused = make_recurring(actor, customer)
    with transaction():
        recurring.delete(actor, unused.id)
    with pytest.raises(NotFound):
        recurring.get_recurring(actor, unused.id)


def test_only_an_admin_deletes_a_recurring_invoice(actor, make_customer, make_recurring):
    """As every other delete: the role comes from the life-cycle table, which the buttons read too."""
    rec = make_recurring(actor, make_customer())
    member = Actor(company=actor.company, role="member", user=actor.user)
    assert "delete" not in recurring_states.actions_for(member, rec)
    assert {"delete", "pause", "cancel"} <= recurring_states.actions_for(actor, rec)
    with pytest.raises(Forbidden) as refused, transaction():
        recurring.delete(member, rec.id)
    assert refused.value.message == "Only an admin of this company may delete recurring invoices."
    assert recurring.get_recurring(actor, rec.id).status == "active"
    with transaction():
        recurring.pause(member, rec.id)  # members may still run it


def test_update_changes_the_next_invoices_but_not_an_issued_schedule(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    with transaction():
        recurring.update_recurring(actor, rec.id, {"start_date": "2027-02-01", "interval": "week"})
    assert rec.next_issue_date == date(2027, 2, 1)
    tick("2027-02-01")
    with transaction():
        updated = recurring.update_recurring(actor, rec.id, {"items": ITEMS[:1], "count": 4, "interval": "week"})
    assert updated.total == Decimal("58.31") and updated.count == 4
    with pytest.raises(NotEditable) as refused, transaction():
        recurring.update_recurring(actor, rec.id, {"interval": "month"})
    assert refused.value.param == "interval"
    with pytest.raises(ValidationError), transaction():
        recurring.update_recurring(actor, rec.id, {"count": 0})


def test_the_database_refuses_a_second_invoice_for_a_period(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    tick("2027-01-31")
    [first] = issued(rec)
    copy = Invoice(company_pk=first.company_pk, customer_pk=first.customer_pk, invoice_number="X-1",
                   issue_date=first.issue_date, due_date=first.due_date, currency="USD", public_token="t" * 40,
                   recurring_invoice_pk=rec.pk, recurring_period_start=first.recurring_period_start)
    db.session.add(copy)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_issuing_is_idempotent_when_the_periods_were_taken(actor, make_customer, make_recurring):
    """A second issuing of the same item (the job queued twice) finds nothing left to do."""
    rec = make_recurring(actor, make_customer())
    assert job.issue(rec.pk, date(2027, 2, 28)).outcome == "issued"
    assert job.issue(rec.pk, date(2027, 2, 28)).outcome == "nothing"
    assert len(issued(rec)) == 2


def test_run_due_prints_each_schedule_and_an_email_that_cannot_go_leaves_a_draft(app, actor, make_customer, make_recurring):
    mailed = make_recurring(actor, make_customer(), auto_send=True, start_date="2027-03-01")
    silent = make_recurring(actor, make_customer(name="No Mail Ltd", email=None), auto_send=True,
                            start_date="2027-03-01")
    result = app.test_cli_runner().invoke(args=["run-due", "--today", "2027-04-01"])
    assert result.exit_code == 0, result.output
    [first, second], [third, fourth] = issued(mailed), issued(silent)
    assert result.output.splitlines() == [
        f"recurring: {first.invoice_number}, {second.invoice_number}: issued; {second.invoice_number} sent to "
        "billing@acme.example.com",
        f"recurring: {third.invoice_number}, {fourth.invoice_number}: issued; {fourth.invoice_number} not sent, "
        "left a draft (customer_id: The customer No Mail Ltd has no contact email to send to.)",
        "recurring: 2 issued", "overdue: nothing due", "reminders: nothing due", "online_payments: nothing due",
        "webhooks: nothing due"]
    assert [invoice.status for invoice in (first, second, third, fourth)] == ["draft", "sent", "draft", "draft"]


def test_a_start_years_back_catches_up_at_most_a_hundred_periods_a_tick(actor, make_customer, make_recurring):
    with time_machine.travel(date(2026, 1, 1), tick=False):  # created then, issued nothing since
        rec = make_recurring(actor, make_customer(), interval="day", start_date="2026-01-01")
    tick("2026-12-31")
    assert len(issued(rec)) == 100
    tick("2026-12-31")
    tick("2026-12-31")
    tick("2026-12-31")
    starts = [invoice.issue_date for invoice in issued(rec)]
    assert len(starts) == 365 and len(set(starts)) == 365 and starts[-1] == date(2026, 12, 31)


def test_a_deleted_customer_pauses_the_schedule_instead_of_billing(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    with transaction():
        customers.delete_customer(actor, rec.customer.id)
    tick("2027-03-01")
    db.session.refresh(rec)
    assert issued(rec) == [] and rec.status == "paused"
