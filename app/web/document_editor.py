"""What the document editors (invoices, quotes, recurring invoices) share around their form:
the customer picker, the currency the editor shows, and the problems of a form whose totals
cannot be computed, each naming its field."""
from __future__ import annotations

import re

from app.models import Customer
from app.services import customers, invoices
from app.services.errors import ValidationError
from app.services.tenancy import find
from app.web.helpers import error_targets

ITEM_FIELD = re.compile(r"^items-(\d+)-")


def customer_choices(actor, document=None) -> list:
    """The editor's picker: active customers by name (the first 1000; a customer's own page
    links to the editor with that customer chosen, whatever its rank), and the edited
    document's customer whatever its rank or status."""
    choices = customers.picker(actor, limit=1000, active_only=True)
    if document is not None and document.customer not in choices:
        choices.insert(0, document.customer)
    return choices


def editor_currency(actor, form, choices=()) -> str:
    """The editor's currency: the one chosen, else the one the document would get."""
    if form.currency.data:
        return form.currency.data
    chosen = next((c for c in choices if c.id == form.customer_id.data), None)
    if chosen is None:
        chosen = find(Customer, actor.company, form.customer_id.data)
    return invoices.invoice_currency(actor.company, chosen)


def about(target, message: str) -> str:
    """``message`` with the field it is about: "Row 2, Unit price: Must be a number."."""
    if target is None:
        return message
    row = ITEM_FIELD.match(target.id)
    where = f"Row {int(row.group(1)) + 1}, {target.label.text}" if row else target.label.text
    return f"{where}: {message}"


def problems(form, error: ValidationError, rows) -> dict[str, str]:
    """What is wrong with the form (form field names to messages that say which field they
    are about), for the editor's totals panel."""
    return {(target.id if target is not None else field): about(target, message)
            for field, (target, message) in zip(error.errors, error_targets(form, error, item_rows=rows))}
