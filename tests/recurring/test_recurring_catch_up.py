"""Recurring catch-up stays bounded (issue 24, item 6): a start date at most 12 periods back,
and a catch-up that needs several ticks issues every back-dated period as a draft and emails
only the invoice of the period that contains today, once every earlier one is issued."""
from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine

from app.jobs import due
from app.recurring import service as recurring
from app.schedule import add_months
from app.services import transaction
from app.services.errors import ValidationError
from tests.support.reads import issued, mails_of

TODAY = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


def test_a_daily_schedule_from_years_back_issues_every_period_and_emails_only_todays(actor, make_customer, make_recurring):
    """The storm of the issue: a daily auto-send schedule whose start lies far back (stored
    before the 12-period rule, or the worker down since) catches up over several ticks. Each
    tick issues up to 100 back-dated drafts and emails none; the tick that reaches today's
    period emails that one invoice."""
    with time_machine.travel(datetime(1996, 12, 7, 9, tzinfo=timezone.utc), tick=False):
        rec = make_recurring(actor, make_customer(), interval="day", start_date="1996-12-07", auto_send=True)
    ticks, mailed_while_catching_up = 0, []
    with time_machine.travel(datetime(1998, 3, 1, 9, tzinfo=timezone.utc), tick=False):
        while True:
            report = due.run_due()
            if not report.counts["recurring"]:
                break
            ticks += 1
            if issued(rec)[-1].issue_date != date(1998, 3, 1):
                mailed_while_catching_up += mails_of(actor.company)
            assert ticks < 10
    invoices = issued(rec)
    days = (date(1998, 3, 1) - date(1996, 12, 7)).days + 1
    assert ticks == 5 and mailed_while_catching_up == []
    assert [invoice.issue_date for invoice in invoices] == [date(1996, 12, 7) + timedelta(days=n) for n in range(days)]
    assert [invoice.status for invoice in invoices] == ["draft"] * (days - 1) + ["sent"]
    [mail] = mails_of(actor.company)
    assert mail["To"].addresses[0].addr_spec == "billing@acme.example.com"
    assert invoices[-1].invoice_number in mail["Subject"]


def test_a_catch_up_within_one_tick_emails_only_the_current_period(actor, make_customer, make_recurring):
    with time_machine.travel(TODAY, tick=False):
        rec = make_recurring(actor, make_customer(), interval="week", start_date="2026-11-09", auto_send=True)
        report = due.run_due()
    numbers = [invoice.invoice_number for invoice in issued(rec)]
    assert [invoice.status for invoice in issued(rec)] == ["draft"] * 4 + ["sent"]
    assert report.lines == [f"recurring: {', '.join(numbers)}: issued; {numbers[-1]} sent to billing@acme.example.com"]
    assert len(mails_of(actor.company)) == 1


def test_a_count_that_ends_before_today_emails_nothing(actor, make_customer, make_recurring):
    """Every period of a finished schedule is back-dated: all drafts, no email."""
    with time_machine.travel(TODAY, tick=False):
        rec = make_recurring(actor, make_customer(), interval="month", start_date="2026-06-07", count=3,
                             auto_send=True)
        report = due.run_due()
    assert [invoice.status for invoice in issued(rec)] == ["draft"] * 3
    assert report.lines[0].endswith(": issued as drafts, not emailed (back-dated periods)")
    assert mails_of(actor.company) == []


@pytest.mark.parametrize("interval,count,earliest", [
    ("day", 1, date(2026, 11, 25)), ("week", 1, date(2026, 9, 14)), ("week", 2, date(2026, 6, 22)),
    ("month", 1, date(2025, 12, 7)), ("month", 3, date(2023, 12, 7)), ("year", 1, date(2014, 12, 7))])
def test_a_start_more_than_twelve_periods_back_is_refused_naming_the_field(actor, make_customer, interval, count,
                                                                          earliest, make_recurring):
    customer = make_customer()
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(ValidationError) as refused:
            make_recurring(actor, customer, interval=interval, interval_count=count,
                           start_date=(earliest - timedelta(days=1)).isoformat())
        assert list(refused.value.errors) == ["start_date"]
        assert refused.value.errors["start_date"].startswith(f"Must be {earliest.isoformat()} or later")
        rec = make_recurring(actor, customer, interval=interval, interval_count=count, start_date=earliest.isoformat())
        assert len(issued(rec)) == 0 and rec.next_issue_date == earliest


def test_an_update_to_an_old_start_is_refused_and_changes_nothing(actor, make_customer, make_recurring):
    with time_machine.travel(TODAY, tick=False):
        rec = make_recurring(actor, make_customer(), interval="month", start_date="2027-01-31")
        for data in ({"start_date": "2025-12-06"}, {"start_date": "2026-11-01", "interval": "day"}):
            with pytest.raises(ValidationError) as refused, transaction():
                recurring.update_recurring(actor, rec.id, data)
            assert list(refused.value.errors) == ["start_date"]
        rec = recurring.get_recurring(actor, rec.id)
        assert (rec.interval, rec.start_date) == ("month", date(2027, 1, 31))
        with transaction():
            recurring.update_recurring(actor, rec.id, {"start_date": add_months(date(2026, 12, 7), -12).isoformat()})
        assert rec.start_date == date(2025, 12, 7)
