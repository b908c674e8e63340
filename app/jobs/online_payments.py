"""Online payment as due work (DESIGN §16, "Without webhooks"): each Checkout Session opened
in the last day and not settled is one item; :mod:`app.online_payments.sweep` looks at it
(records it when paid, notes it expired, expires it when its invoice no longer asks for its
amount). A session Stripe refuses to show counts as failed and is looked at again next tick."""
from __future__ import annotations

from datetime import date

from app.jobs.outcome import Done
from app.online_payments import sweep

find_work = sweep.find_work


def look(pk: int, today: date | None = None) -> Done:
    swept = sweep.sweep(pk, today)
    return Done(swept.outcome, swept.detail)
