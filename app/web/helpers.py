"""Small pieces every dashboard page uses: the acting member, service errors on form
fields, pagination and a safe page number."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import login_required
from sqlalchemy import bindparam, func, literal_column, select

from app.extensions import db
from app.security import nul_in_path, nul_query_parameter
from app.services.errors import Forbidden, ServiceError, ValidationError
from app.web.session import current_actor

PER_PAGE = 25
ITEM_ERROR = re.compile(r"^(?:items|line_items)\[(\d+)\]\.(\w+)$")


def refuse_nul_in_address() -> None:
    """A NUL in the address is refused before a page queries anything (404 in a path, 400
    naming the parameter in a query string); see :mod:`app.security`."""
    if nul_in_path(request.view_args or {}):
        abort(404)
    name = nul_query_parameter()
    if name is not None:
        abort(400, f"The '{name}' parameter of this address contains a NUL character.")


def member_required(view):
    """Logged in and acting for a company; ``actor`` is passed to the view."""
    @login_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        refuse_nul_in_address()
        actor = current_actor()
        if actor is None:
            flash("You do not belong to a company yet.", "error")
            return redirect(url_for("overview.index"))
        return view(actor, *args, **kwargs)
    return wrapped


def admin_required(view):
    @member_required
    @wraps(view)
    def wrapped(actor, *args, **kwargs):
        if actor.role != "admin":
            abort(403, "Only an admin of this company may do this.")
        return view(actor, *args, **kwargs)
    return wrapped


def page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10**6 else 1


COUNT_CAP = 10_000  # beyond this a list says "more than 10,000" instead of counting every row


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool
    total: int          # exact up to COUNT_CAP
    total_capped: bool  # True when there are more than COUNT_CAP rows
    per_page: int = PER_PAGE

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def pages(self) -> int | None:
        return None if self.total_capped else max(1, math.ceil(self.total / self.per_page))


def paginate(query, number: int, per_page: int | None = None) -> Page:
    """One page of ``query`` (already ordered). The count stops at COUNT_CAP rows so that a
    list of a million invoices costs no more than one of ten thousand."""
    per_page = per_page or PER_PAGE
    # Count a constant, not whole rows: the database can answer from an index alone. The cap is
    # written into the SQL: as a parameter, PostgreSQL's generic plan (used once psycopg has
    # prepared the statement, after ten runs) guesses a small share of the rows and may walk
    # the whole table in key order (the "paid since" list: 40 ms, then 500 ms at 1M invoices).
    cap = bindparam("count_cap", COUNT_CAP + 1, literal_execute=True)
    capped = (query.order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
              .limit(cap).subquery())
    total = db.session.scalar(select(func.count()).select_from(capped))
    if total <= COUNT_CAP:
        number = min(number, max(1, math.ceil(total / per_page)))
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)).unique())
    return Page(rows[:per_page], number, len(rows) > per_page, min(total, COUNT_CAP), total > COUNT_CAP, per_page)


def error_targets(form, error: ValidationError, aliases: dict | None = None,
                  item_rows: list[int] | None = None):
    """Each message of a service ValidationError with the form field it is about (None when
    no field of the form matches).

    ``aliases`` maps service field names to form field names; ``item_rows`` maps the index
    of an item the service saw to the row of the form it came from."""
    aliases = aliases or {}
    for field, message in error.errors.items():
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
    prefix = "Not allowed: " if isinstance(error, Forbidden) else ""
    flash(prefix + (error.message or fallback) + " Nothing was changed.", "error")


def button_posted(form) -> bool:
    """An action button's post carries a valid CSRF token; else say so (nothing changes)."""
    if form.validate_on_submit():
        return True
    flash("The form expired; please try again.", "error")
    return False


def failed(form) -> bool:
    """Whether the form shows any error (WTForms', or the services' put beside fields)."""
    if getattr(form, "general_errors", None):
        return True
    for field in form:
        if field.errors:
            return True
        for entry in getattr(field, "entries", ()):
            if any(sub.errors for sub in getattr(entry, "form", entry)):
                return True
    return False
