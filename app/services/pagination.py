"""Pagination, the one place lists are cut into pages. A :class:`Page` is some rows and
whether more follow; it is reached one of two ways:

- by cursor (the API), newest first: ``limit``, ``starting_after`` / ``ending_before`` by
  prefixed id, and ``has_more`` (:func:`paginate`);
- by number (the dashboard), in any order the list chooses, with a count of the rows
  capped at :data:`COUNT_CAP` (:func:`page_by_number`).

Cursor pages are ordered by the monotonic integer ``pk`` (descending), and a cursor is
turned into its row's ``pk``, so pages stay stable while new rows are inserted: new rows only
ever appear before the first page, never between pages. The cursor's ``pk`` is looked up
inside the page query (a scalar subquery: one round trip); only an empty page asks again
whether the cursor exists, to tell "no more rows" from an unknown cursor.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Select, bindparam, func, literal_column, select

from app.extensions import db
from app.i18n import _
from app.services.errors import ValidationError

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
PER_PAGE = 25
COUNT_CAP = 10_000  # beyond this a numbered list says "more than 10,000" instead of counting every row


@dataclass
class Page:
    items: list = field(default_factory=list)
    has_more: bool = False
    # Numbered pages only: which page this is, and how many rows the list holds.
    number: int = 1
    total: int = 0             # exact up to COUNT_CAP
    total_capped: bool = False  # True when there are more than COUNT_CAP rows
    per_page: int = PER_PAGE

    @property
    def has_next(self) -> bool:
        return self.has_more

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def pages(self) -> int | None:
        return None if self.total_capped else max(1, math.ceil(self.total / self.per_page))


def page_by_number(query: Select, number: int, per_page: int | None = None, *, rows: bool = False) -> Page:
    """Page ``number`` of ``query`` (ORM objects, already ordered; with ``rows``, whole result
    rows). The count stops at COUNT_CAP rows so that a list of a million
    invoices costs no more than one of ten thousand; a number past the end gives the last page."""
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
    window = query.limit(per_page + 1).offset((number - 1) * per_page)
    found = list(db.session.execute(window).all() if rows else db.session.scalars(window).unique())
    return Page(found[:per_page], len(found) > per_page, number, min(total, COUNT_CAP), total > COUNT_CAP, per_page)


def parse_limit(raw: object, *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    """``limit`` from a query string: an integer 1..maximum, ``default`` when absent."""
    if raw is None:
        return default
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ValidationError({"limit": _("Must be an integer between 1 and %(maximum)s.", maximum=maximum)})
    value = int(text)
    if not 1 <= value <= maximum:
        raise ValidationError({"limit": _("Must be an integer between 1 and %(maximum)s.", maximum=maximum)})
    return value


def _cursor_pk(model, cursor_scope: Select, public_id: str):
    """The cursor row's ``pk`` as a scalar subquery (NULL, so no rows, when it is unknown).

    ``cursor_scope`` keeps its WHERE clause and selects only ``pk`` (a subquery of the whole
    row would copy every column of the model on each request); it never correlates with the
    page query around it, which reads the same table."""
    return cursor_scope.with_only_columns(model.pk).where(model.id == public_id).correlate(None).scalar_subquery()


def _check_cursor(found: list, model, cursor_scope: Select, public_id: str, param: str) -> None:
    """An empty page: was the cursor unknown (a 400), or simply at the end of the list?"""
    if not found and db.session.scalar(select(_cursor_pk(model, cursor_scope, public_id))) is None:
        raise ValidationError({param: _("No such object: '%(id)s'.", id=public_id)})


def paginate(query: Select, model, *, limit: int = DEFAULT_LIMIT, starting_after: str | None = None,
             ending_before: str | None = None, cursor_scope: Select | None = None, rows: bool = False) -> Page:
    """One page of ``query`` (a ``select(model)``, or with ``rows`` any select that has
    ``model.pk``, answered as plain rows), newest first.

    ``starting_after`` gives the rows older than that object, ``ending_before`` the rows
    newer than it (the ones just before it in the list). ``cursor_scope`` is where cursors
    are looked up (by default ``query`` itself); pass the unfiltered, tenant-scoped query so
    a cursor whose row stopped matching a filter keeps working, and a cursor of another
    tenant is unknown.
    """
    if starting_after is not None and ending_before is not None:
        raise ValidationError({"ending_before": _("Give either 'starting_after' or 'ending_before', not both.")})
    scope = cursor_scope if cursor_scope is not None else query

    def fetch(statement: Select) -> list:
        return (db.session.connection().execute(statement) if rows else db.session.scalars(statement)).all()
    if ending_before is not None:
        pk = _cursor_pk(model, scope, ending_before)
        found = fetch(query.where(model.pk > pk).order_by(model.pk.asc()).limit(limit + 1))
        _check_cursor(found, model, scope, ending_before, "ending_before")
        return Page(items=list(reversed(found[:limit])), has_more=len(found) > limit)
    if starting_after is not None:
        found = fetch(query.where(model.pk < _cursor_pk(model, scope, starting_after)).order_by(model.pk.desc())
                      .limit(limit + 1))
        _check_cursor(found, model, scope, starting_after, "starting_after")
    else:
        found = fetch(query.order_by(model.pk.desc()).limit(limit + 1))
    return Page(items=found[:limit], has_more=len(found) > limit)
