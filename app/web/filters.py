"""The list pages' filter dropdowns (status, customer): each option's value, its label and
whether it is the one chosen are decided here, so a template only prints them
(``filter_select`` in ``templates/_macros/ui.html``)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.i18n import _


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


def options(choices: Iterable[tuple[str, str]], current: str | None, *, everything: str | None = None) -> list[Option]:
    """The "everything" option (value "", chosen when nothing is), then each (value, label)
    of ``choices``, the one equal to ``current`` chosen."""
    current = current or ""
    return [Option("", everything if everything is not None else _("All"), current == ""),
            *(Option(value, label, value == current) for value, label in choices)]


def customer_options(customers, current: str | None) -> list[Option]:
    """The customer dropdown of a list page: all customers, then each by name."""
    return options(((customer.id, customer.name) for customer in customers), current, everything=_("All customers"))
