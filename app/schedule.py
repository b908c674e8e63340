"""The dates of a recurring schedule (DESIGN §13), pure: no database, no clock.

Period ``n`` (0 for the first) starts ``n × interval_count`` intervals after the start date,
counted from the start date every time, never from the previous date, so a month-end start
never drifts: 31 Jan → 28/29 Feb → 31 Mar. A month or year past the end of a shorter month is
clamped to that month's last day. A period ends the day before the next one starts."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count as counting

INTERVALS = ("day", "week", "month", "year")


def add_months(start: date, months: int) -> date:
    """``start`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Schedule:
    start: date
    interval: str
    interval_count: int = 1
    end: date | None = None  # the last day a period may start on
    count: int | None = None  # how many periods in all (the first included)

    def __post_init__(self):
        if self.interval not in INTERVALS:
            raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
        if self.interval_count < 1:
            raise ValueError("interval_count must be at least 1")

    def nth(self, n: int) -> date:
        """The start of period ``n`` (0-based), counted from the start date."""
        steps = n * self.interval_count
        if self.interval == "day":
            return self.start + timedelta(days=steps)
        if self.interval == "week":
            return self.start + timedelta(weeks=steps)
        return add_months(self.start, steps * (12 if self.interval == "year" else 1))

    def exists(self, n: int) -> bool:
        """Whether period ``n`` is part of the schedule (within the count and the end date)."""
        return n >= 0 and (self.count is None or n < self.count) and (self.end is None or self.nth(n) <= self.end)

    def period(self, n: int) -> tuple[date, date]:
        """Period ``n`` as (first day, last day)."""
        return self.nth(n), self.nth(n + 1) - timedelta(days=1)

    def first_on_or_after(self, day: date, from_n: int = 0) -> int:
        """The first period index ≥ ``from_n`` starting on or after ``day`` (it may not exist)."""
        n = from_n
        if self.nth(n) >= day:
            return n
        # Jump close with an estimate from the average length, then walk the last steps.
        length = {"day": 1, "week": 7, "month": 30.436875, "year": 365.2425}[self.interval] * self.interval_count
        n = max(from_n, int((day - self.start).days / length) - 2)
        while self.nth(n) < day:
            n += 1
        while n > from_n and self.nth(n - 1) >= day:
            n -= 1
        return n

    def due(self, from_n: int, today: date, limit: int | None = None) -> list[int]:
        """The period indexes from ``from_n`` on that exist and have started by ``today``
        (the first ``limit`` of them when given)."""
        found = []
        for n in counting(from_n):
            if not self.exists(n) or self.nth(n) > today or len(found) == limit:
                return found
            found.append(n)

    def upcoming(self, from_n: int, how_many: int = 5) -> list[date]:
        """The next ``how_many`` start dates from period ``from_n`` on (fewer near the end)."""
        dates = []
        n = from_n
        while len(dates) < how_many and self.exists(n):
            dates.append(self.nth(n))
            n += 1
        return dates
