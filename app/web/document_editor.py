"""What the document editors (invoices, quotes, recurring invoices) share around their form:
the customer picker, the currency the editor shows, the problems of a form whose totals
cannot be computed, each naming its field, and the live totals of the invoice and quote
editors."""
from __future__ import annotations

import re

from flask import jsonify, render_template

from app.i18n import _
from app.invoices import service as invoices
from app.models import Customer, TaxRate
from app.presentation import fmt_money
from app.services import customers, tax_rates
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


def rate_choices(actor, form) -> tuple[list, list]:
    """The rows' rate pickers (invoices, quotes, recurring invoices): the company's active
    rates, and any other rate a row holds (a draft's rate archived since; saving it asks for
    an active one)."""
    active = tax_rates.list_tax_rates(actor, include_archived=False)
    others = sorted(form.chosen_rate_ids() - {rate.id for rate in active})
    return active, [rate for rate in (find(TaxRate, actor.company, rate_id) for rate_id in others) if rate is not None]


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
    where = _("Row %(row)s, %(field)s", row=int(row.group(1)) + 1, field=target.label.text) if row else target.label.text
    return _("%(field)s: %(message)s", field=where, message=message)


def problems(form, error: ValidationError, rows) -> dict[str, str]:
    """What is wrong with the form (form field names to messages that say which field they
    are about), for the editor's totals panel."""
    return {(target.id if target is not None else field): about(target, message)
            for field, (target, message) in zip(error.errors, error_targets(form, error, item_rows=rows))}


def preview_of(actor, form, preview_totals):
    """The totals of the form (``preview_totals`` is the document's service), the form row
    of each item, and what is wrong (form field names to messages that say which field they
    are about) when there are no totals."""
    data, rows = form.service_data(actor.company.locale)
    try:
        return preview_totals(actor, data), rows, {}
    except ValidationError as error:
        return None, rows, problems(form, error, rows)


def live_totals(actor, form, preview_totals):
    """The editor's POST /preview: the totals panel, each row's amount and what is wrong,
    computed by the server's money module (a 400 naming the fields that are not valid)."""
    form.set_choices([])
    if not form.validate():
        errors = {k: v for k, v in form.errors.items() if k != "items"}
        if form.items_error:
            errors["items"] = [form.items_error]
        return jsonify({"errors": errors}), 400
    totals, rows, problem = preview_of(actor, form, preview_totals)
    currency = editor_currency(actor, form)
    lines = {}
    if totals is not None:
        lines = {str(row): fmt_money(amount, currency, actor.company.locale)
                 for row, amount in zip(rows, totals.line_subtotals)}
    html = render_template("documents/_editor_totals.html", totals=totals, currency=currency, problem=problem)
    return jsonify({"totals_html": html, "lines": lines, "errors": problem})
