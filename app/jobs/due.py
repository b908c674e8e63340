"""The tick: everything that is due, once. Each kind of due work is one ``DueStep``: ``find``
lists the items due (small, picklable values), ``run`` does one item in its own transactions
and says what happened (a step on the ``clock`` is handed the moment, ``now``, instead of
``today``: webhook attempts are due at a time, not on a day). Every ``run`` is idempotent
(uniqueness in the database, or a compare-and-set claim), so an item found by two ticks, or
run by two workers, is done once."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from app.jobs import online_payments, overdue, recurring, reminders, webhooks
from app.jobs.outcome import Done

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueStep:
    name: str
    find: Callable[[date | datetime | None], list]
    run: Callable[[object, date | datetime | None], Done]
    clock: bool = False  # find and run take ``now`` (a datetime) rather than ``today``


STEPS: dict[str, DueStep] = {
    # Invoices are issued before reminders are looked for (a new draft takes none anyway).
    "recurring": DueStep("recurring", recurring.find_work, recurring.issue),
    # Invoices past due are stored overdue (their invoice.overdue event is written that day).
    "overdue": DueStep("overdue", overdue.find_work, overdue.mark),
    "reminders": DueStep("reminders", reminders.find_work, reminders.remind),
    # Paid Checkout Sessions whose webhook never came are recorded; stale open ones expired.
    "online_payments": DueStep("online_payments", online_payments.find_work, online_payments.look),
    # Webhook attempts that are due (new, or retried), one item each; events past 30 days purged.
    "webhooks": DueStep("webhooks", webhooks.find_work, webhooks.deliver, clock=True),
}


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        return [f"{name}: " + (", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
                               or "nothing due") for name, counts in self.counts.items()]


def run_one(name: str, item, today: date | None = None, now: datetime | None = None) -> Done:
    step = STEPS[name]
    return step.run(item, now if step.clock else today)


def run_due(today: date | None = None, dispatch: Callable[[str, object], None] | None = None,
            now: datetime | None = None) -> Report:
    """Find what is due in every step and do it here, or hand each item to ``dispatch`` (the
    worker queues one job per item, so several workers share them). ``today`` overrides every
    company's own today (its timezone decides otherwise); ``now`` the clock of the steps on one
    (webhooks), and, when ``today`` is not given, today is its date."""
    report = Report()
    if today is None and now is not None:
        today = now.date()
    for name, step in STEPS.items():
        counts = report.counts.setdefault(name, Counter())
        when = now if step.clock else today
        for item in step.find(when):
            if dispatch is not None:
                dispatch(name, item)
                counts["queued"] += 1
                continue
            try:
                done = step.run(item, when)
            except Exception:  # one broken item must not stop the others; its claim was released
                log.exception("%s: %r failed", name, item)
                done = Done("failed", f"{item!r} failed unexpectedly (see the log)")
            counts[done.outcome] += done.count
            report.lines.extend(f"{name}: {line}" for line in done.detail.splitlines())
    return report
