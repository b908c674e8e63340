"""Recurring invoices on the background engine: three years of daily ticks through month
ends, a leap day and the DST changes of a company in Europe/Berlin; the Huey tick in
immediate mode; and two `flask run-due` processes racing on PostgreSQL."""
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.extensions import db
from app.jobs import due
from app.models import Invoice
from app.schedule import Schedule
from app.services import accounts, transaction
from tests.support.processes import ROOT, consumer_env, tick_immediately
from tests.support.reads import issued

BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(actor):
    with transaction():
        accounts.update_company(actor, {"timezone": "Europe/Berlin"})


def test_three_years_of_daily_ticks_issue_one_invoice_per_period_on_its_berlin_day(actor, make_customer, make_recurring):
    """Ticks at 22:30 UTC: 23:30 in Berlin in winter, 00:30 the next day in summer. Each period is
    issued by the first tick at which Berlin's date has reached its start, never earlier or twice."""
    _berlin(actor)
    with time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=timezone.utc), tick=False):
        rec = make_recurring(actor, make_customer())
    first_tick_on = {}  # invoice pk -> the UTC moment of the tick that issued it
    moment = datetime(2027, 1, 25, 22, 30, tzinfo=timezone.utc)
    while moment < datetime(2030, 2, 5, tzinfo=timezone.utc):
        with time_machine.travel(moment, tick=False):
            due.run_due()
        for invoice in issued(rec):
            first_tick_on.setdefault(invoice.pk, moment)
        db.session.rollback()
        moment += timedelta(days=1)
    invoices = issued(rec)
    schedule = Schedule(date(2027, 1, 31), "month")
    assert [(invoice.issue_date, invoice.supply_period_end) for invoice in invoices] == [
        schedule.period(n) for n in range(37)]
    assert date(2028, 2, 29) in [invoice.issue_date for invoice in invoices]
    assert invoices[-1].issue_date == date(2030, 1, 31)
    for invoice in invoices:
        local = first_tick_on[invoice.pk].astimezone(BERLIN).date()
        assert local >= invoice.issue_date > (first_tick_on[invoice.pk] - timedelta(days=1)).astimezone(BERLIN).date()
    # Around the DST change of March 2027 the Berlin day starts at 22:00 UTC (summer), so the
    # 31 March invoice came from the tick of 30 March, 22:30 UTC; the 31 January one (winter)
    # from the tick of 31 January.
    by_date = {invoice.issue_date: first_tick_on[invoice.pk] for invoice in invoices}
    assert by_date[date(2027, 3, 31)].date() == date(2027, 3, 30)
    assert by_date[date(2027, 1, 31)].date() == date(2027, 1, 31)
    assert len({invoice.invoice_number for invoice in invoices}) == 37


def test_the_periodic_tick_issues_in_immediate_mode(app, actor, make_customer, tasks, make_recurring):
    rec = make_recurring(actor, make_customer(), start_date="2027-03-01")
    tick_immediately(tasks, "2027-04-02 08:00:00+00:00")
    assert [invoice.issue_date for invoice in issued(rec)] == [date(2027, 3, 1), date(2027, 4, 1)]


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="two processes share one PostgreSQL database")
@pytest.mark.commits
def test_two_ticks_at_once_issue_each_period_once(app, actor, make_customer, make_recurring):
    customer = make_customer()
    schedules = [make_recurring(actor, customer, interval="week", start_date="2027-01-04") for _ in range(12)]
    env = consumer_env(app)
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "run-due", "--today", "2027-03-01"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [process.communicate(timeout=300)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert all("failed" not in output for output in outputs), outputs
    db.session.expire_all()
    for rec in schedules:
        starts = [invoice.recurring_period_start for invoice in issued(rec)]
        assert starts == [date(2027, 1, 4) + timedelta(weeks=n) for n in range(9)]
        db.session.refresh(rec)
        assert rec.issued_count == 9 and rec.next_issue_date == date(2027, 3, 8)
    assert db.session.query(Invoice).count() == 12 * 9
