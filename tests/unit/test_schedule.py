from datetime import date

import pytest

from app.schedule import Schedule, add_months


def test_month_end_start_is_clamped_and_never_drifts():
    schedule = Schedule(date(2027, 1, 31), "month")
    assert [schedule.nth(n) for n in range(5)] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
                                                   date(2027, 4, 30), date(2027, 5, 31)]
    assert Schedule(date(2028, 1, 31), "month").nth(1) == date(2028, 2, 29)


def test_periods_end_the_day_before_the_next_starts():
    schedule = Schedule(date(2027, 1, 31), "month")
    assert schedule.period(0) == (date(2027, 1, 31), date(2027, 2, 27))
    assert schedule.period(1) == (date(2027, 2, 28), date(2027, 3, 30))


def test_leap_day_yearly_is_clamped_in_common_years():
    schedule = Schedule(date(2028, 2, 29), "year")
    assert [schedule.nth(n) for n in range(5)] == [date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28),
                                                   date(2031, 2, 28), date(2032, 2, 29)]


def test_days_weeks_and_interval_count():
    assert Schedule(date(2027, 3, 1), "day", 10).nth(3) == date(2027, 3, 31)
    assert Schedule(date(2027, 3, 1), "week", 2).nth(2) == date(2027, 3, 29)
    assert Schedule(date(2027, 1, 31), "month", 3).nth(1) == date(2027, 4, 30)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)


def test_count_includes_the_first_and_end_date_is_inclusive():
    assert Schedule(date(2027, 1, 1), "month", count=3).upcoming(0, 5) == [
        date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
    assert Schedule(date(2027, 1, 1), "month", end=date(2027, 3, 1)).upcoming(1, 5) == [
        date(2027, 2, 1), date(2027, 3, 1)]
    assert Schedule(date(2027, 1, 1), "month", end=date(2027, 2, 28)).upcoming(0, 5) == [
        date(2027, 1, 1), date(2027, 2, 1)]


def test_due_lists_every_started_period_once():
    schedule = Schedule(date(2027, 1, 31), "month", count=4)
    assert schedule.due(0, date(2027, 1, 30)) == []
    assert schedule.due(0, date(2027, 3, 31)) == [0, 1, 2]
    assert schedule.due(2, date(2030, 1, 1)) == [2, 3]
    assert Schedule(date(1990, 1, 1), "day").due(0, date(2027, 1, 1), limit=100) == list(range(100))


@pytest.mark.parametrize("interval,count", [("day", 3), ("week", 1), ("month", 1), ("month", 5), ("year", 2)])
def test_first_on_or_after_matches_walking(interval, count):
    schedule = Schedule(date(2027, 1, 31), interval, count)
    for offset in range(0, 4000, 37):
        day = date.fromordinal(date(2027, 1, 1).toordinal() + offset)
        n = schedule.first_on_or_after(day)
        assert schedule.nth(n) >= day and (n == 0 or schedule.nth(n - 1) < day)


def test_bad_schedules_are_refused():
    with pytest.raises(ValueError):
        Schedule(date(2027, 1, 1), "fortnight")
    with pytest.raises(ValueError):
        Schedule(date(2027, 1, 1), "month", 0)
