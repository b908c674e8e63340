from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app import limits
from app.extensions import db
from app.models.base import PkMixin, UTCDateTime, utcnow


class IdempotencyRecord(PkMixin, db.Model):
    """The first response to a POST with an Idempotency-Key, replayed for 24 hours."""
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("api_key_pk", "key"),)

    api_key_pk: Mapped[int] = mapped_column(ForeignKey("api_keys.pk"), nullable=False)
    key: Mapped[str] = mapped_column(String(limits.IDEMPOTENCY_KEY), nullable=False)
    request_hash: Mapped[str] = mapped_column(String(limits.TOKEN), nullable=False)
    response_status: Mapped[int] = mapped_column(Integer, nullable=False)
    response_body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow, index=True)
