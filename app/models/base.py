"""Shared column types and mixins."""
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app import limits
from app.ids import id_factory


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them without an offset)."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def money_column(**kw):
    """NUMERIC(20, 4): amounts up to 10^12 with the 4 decimals unit prices may have."""
    return mapped_column(Numeric(20, 4, asdecimal=True), **kw)


def public_id_column(prefix: str):
    return mapped_column(String(limits.PUBLIC_ID), unique=True, nullable=False, default=id_factory(prefix))


class PkMixin:
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)


__all__ = ["Decimal", "PkMixin", "TimestampMixin", "UTCDateTime", "money_column", "public_id_column", "utcnow"]
