"""A recurring invoice's life cycle (DESIGN §13) as the generic table of
:mod:`app.services.lifecycle_table`: the services refuse from it, the dashboard draws its
buttons from it. ``completed`` is reached by issuing the last period, never by hand."""
from __future__ import annotations

from app.models import RECURRING_STATUSES, RecurringInvoice
from app.services.lifecycle_table import LifeCycle, Rule
from app.services.tenancy import Actor, today_for

RUNNING = ("active", "paused")

RECURRING = LifeCycle("a recurring invoice", RECURRING_STATUSES, {
    "edit": Rule("edit", "only active and paused recurring invoices can change", RUNNING),
    "pause": Rule("pause", "only active recurring invoices can be paused", ("active",), result="paused"),
    "resume": Rule("resume", "only paused recurring invoices can be resumed", ("paused",), result="active"),
    "cancel": Rule("cancel", "only active and paused recurring invoices can be cancelled", RUNNING,
                   result="cancelled"),
    "delete": Rule("delete", "one that has issued invoices can only be cancelled, so its invoices keep "
                   "their origin", RECURRING_STATUSES, needs=lambda recurring: recurring.issued_count == 0,
                   role="admin", role_verb="delete recurring invoices"),
}, lambda recurring, today: recurring.status)


def actions_for(actor: Actor, recurring: RecurringInvoice) -> frozenset[str]:
    return RECURRING.allowed(recurring, actor.role, today_for(actor.company))


def require(actor: Actor, recurring: RecurringInvoice, action: str) -> Rule:
    return RECURRING.check(action, recurring, actor.role, today_for(actor.company))
