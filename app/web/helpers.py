"""Small pieces every dashboard page uses: the acting member, service errors on form
fields and a safe page number (pages themselves: app.services.pagination)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import login_required

from app.i18n import _
from app.presentation import fmt_date, fmt_money
from app.security import nul_in_path, nul_query_parameter
from app.services import transaction
from app.services.errors import Forbidden, Money, NotFound, ServiceError, ValidationError
from app.web.session import current_actor

ITEM_ERROR = re.compile(r"^(?:items|line_items)\[(\d+)\]\.(\w+)$")


def refuse_nul_in_address() -> None:
    """A NUL in the address is refused before a page queries anything (404 in a path, 400
    naming the parameter in a query string); see :mod:`app.security`."""
    if nul_in_path(request.view_args or {}):
        abort(404)
    name = nul_query_parameter()
    if name is not None:
        abort(400, _("The '%(name)s' parameter of this address contains a NUL character.", name=name))


def member_required(view):
    """Logged in and acting for a company; ``actor`` is passed to the view."""
    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        refuse_nul_in_address()
        actor = current_actor()
        if actor is None:
            flash(_("You do not belong to a company yet."), "error")
            return redirect(url_for("overview.index"))
        return view(actor, *args, **kwargs)
    return wrapped


def page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 10**6 else 1


def error_targets(form, error: ValidationError, aliases: dict | None = None,
                  item_rows: list[int] | None = None):
    """Each message of a service ValidationError with the form field it is about (None when
    no field of the form matches).

    ``aliases`` maps service field names to form field names; ``item_rows`` maps the index
    of an item the service saw to the row of the form it came from."""
    aliases = aliases or {}
    for field, message in error.errors.items():
        message = in_company_format(message)
        match = ITEM_ERROR.match(field)
        if match and hasattr(form, "items"):
            index, name = int(match.group(1)), match.group(2)
            row = item_rows[index] if item_rows and index < len(item_rows) else index
            if row < len(form.items.entries):
                target = getattr(form.items.entries[row].form, aliases.get(name, name), None)
                if target is not None:
                    yield target, message
                    continue
        target = getattr(form, aliases.get(field, field), None)
        found = target is not None and hasattr(target, "errors") and field != "items"
        yield (target if found else None), message


def in_company_format(message: str) -> str:
    """A service's message with the amounts and dates it names (:class:`app.services.errors.Said`)
    written in the company's format: "1.621,74 €" and "07.12.2026" for de_DE."""
    values = getattr(message, "values", None)
    if not values:
        return message
    actor = current_actor()
    locale = actor.company.locale if actor is not None else "en_US"
    return message.template.format(**{name: fmt_money(value.amount, value.currency, locale) if isinstance(value, Money)
                                      else fmt_date(value, locale) if isinstance(value, date) else value
                                      for name, value in values.items()})


def put_errors(form, error: ValidationError, aliases: dict | None = None,
               item_rows: list[int] | None = None) -> None:
    """Each message of a service ValidationError beside its field; the rest on the form."""
    for target, message in error_targets(form, error, aliases, item_rows):
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            form.general_errors = getattr(form, "general_errors", []) + [message]


def refused(error: ServiceError, fallback: str) -> None:
    """A transition or permission the services refused: say why, nothing changed."""
    reason = error.message or fallback
    if isinstance(error, Forbidden):
        flash(_("Not allowed: %(reason)s Nothing was changed.", reason=reason), "error")
    else:
        flash(_("%(reason)s Nothing was changed.", reason=reason), "error")


def button_posted(form) -> bool:
    """An action button's post carries a valid CSRF token; else say so (nothing changes)."""
    if form.validate_on_submit():
        return True
    flash(_("The form expired; please try again."), "error")
    return False


def posted_action(form, run: Callable, *, success: Callable, missing: str, refuse: tuple = (),
                  refused_message: str = "") -> None:
    """A one-click action on something of the member's (revoke a key, an invitation): when the
    button's post (``form``) is valid, ``run()`` once in its own transaction and flash
    ``success(result)``. An id that names nothing flashes ``missing`` (it does not repeat the
    id); an error of ``refuse`` is explained (``refused_message`` when it has no words)."""
    if not button_posted(form):
        return
    try:
        with transaction():
            result = run()
    except NotFound:
        flash(missing, "error")
    except refuse as error:
        refused(error, refused_message)
    else:
        flash(success(result), "success")


def failed(form) -> bool:
    """Whether the form shows any error (WTForms', or the services' put beside fields)."""
    if getattr(form, "general_errors", None) or getattr(form, "items_error", None):
        return True
    for field in form:
        if field.errors:
            return True
        for entry in getattr(field, "entries", ()):
            if any(sub.errors for sub in getattr(entry, "form", entry)):
                return True
    return False
