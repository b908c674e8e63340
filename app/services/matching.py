"""Search terms in lists: a term matches when it is part of a column's text, in any case."""
from __future__ import annotations

from sqlalchemy import func, or_


def like_pattern(term: str) -> str:
    """``%term%`` in lower case, with LIKE's own characters escaped (by a backslash)."""
    escaped = term.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped.lower()}%"


def contains(term: str, *columns):
    """SQL: ``term`` is part of any of ``columns`` (case-insensitive)."""
    pattern = like_pattern(term)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))
