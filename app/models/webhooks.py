"""Webhooks (DESIGN §18): a company's endpoints, the events its changes wrote, one delivery
per event and endpoint that wants it, and every attempt to deliver it."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column, utcnow

ENDPOINT_STATUSES = ("enabled", "disabled")
# pending: an attempt is due at next_attempt_at (or under way until then, once claimed);
# delivered: a 2xx came back; failed: every retry failed, or the endpoint went away.
DELIVERY_STATUSES = ("pending", "delivered", "failed")


class WebhookEndpoint(PkMixin, TimestampMixin, db.Model):
    """Where a company's events are posted. ``secret_sealed`` is the signing secret, sealed
    (app.sealed); ``failing_since`` is the time of the first failed attempt after the last
    success (None while it succeeds), which disables it after five days."""
    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index("ix_webhook_endpoints_company_pk", "company_pk", "pk"),)

    id: Mapped[str] = public_id_column("we")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    url: Mapped[str] = mapped_column(String(limits.WEBHOOK_URL), nullable=False)
    description: Mapped[str | None] = mapped_column(String(limits.WEBHOOK_DESCRIPTION))
    enabled_events: Mapped[list] = mapped_column(JSON, nullable=False)
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="enabled")
    secret_sealed: Mapped[str] = mapped_column(Text, nullable=False)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")

    @property
    def enabled(self) -> bool:
        return self.status == "enabled"

    def wants(self, event_type: str) -> bool:
        return self.enabled and ("*" in self.enabled_events or event_type in self.enabled_events)


class Event(PkMixin, db.Model):
    """Something that changed, as the API showed its object then. ``body`` is the JSON that
    is delivered (``{id, type, created, data: {object}}``), written once."""
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_company_pk", "company_pk", "pk"),
        Index("ix_events_created_at", "created_at"),
    )

    id: Mapped[str] = public_id_column("evt")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    type: Mapped[str] = mapped_column(String(limits.EVENT_TYPE), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class WebhookDelivery(PkMixin, db.Model):
    """One event on its way to one endpoint (a resend is another delivery of the same event).
    ``attempts`` counts the attempts claimed so far; claiming one moves ``next_attempt_at``
    forward by the attempt's lease, so another worker does not take it meanwhile."""
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_pk", "pk"),
        Index("ix_webhook_deliveries_event", "event_pk"),
    )

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    endpoint_pk: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.pk"), nullable=False)
    event_pk: Mapped[int] = mapped_column(ForeignKey("events.pk"), nullable=False)
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)

    endpoint = relationship("WebhookEndpoint")
    event = relationship("Event")


class WebhookAttempt(PkMixin, db.Model):
    """One POST of a delivery: when, how it answered (status code, or why there was none),
    how long it took, and the start of its answer (up to 4 KB read)."""
    __tablename__ = "webhook_attempts"
    __table_args__ = (
        Index("ix_webhook_attempts_endpoint", "endpoint_pk", "pk"),
        Index("ix_webhook_attempts_delivery", "delivery_pk"),
    )

    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    endpoint_pk: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.pk"), nullable=False)
    delivery_pk: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.pk"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)  # 1 for a delivery's first attempt
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False)
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    response_start: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(String(limits.WEBHOOK_ERROR))

    delivery = relationship("WebhookDelivery")
