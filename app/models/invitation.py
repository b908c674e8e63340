"""An invitation to join a company (the rules: app/services/invitations.py)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column


class Invitation(PkMixin, TimestampMixin, db.Model):
    """An admin's invitation of an email address to a company with a role. The emailed link's
    token is stored only as a hash; the invitation is open until it is accepted, declined,
    revoked or past ``expires_at``."""
    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_email", "email"),)

    id: Mapped[str] = public_id_column("mbi")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False, index=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), nullable=False)  # lower case
    role: Mapped[str] = mapped_column(String(limits.CODE), nullable=False)
    invited_by_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk"))
    token_hash: Mapped[str] = mapped_column(String(limits.TOKEN), unique=True, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company = relationship("Company")
    invited_by = relationship("User")
