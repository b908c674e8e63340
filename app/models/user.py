from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column


class User(PkMixin, TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[str] = public_id_column("usr")
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    # Changes on logout and password change; part of the login session, so old sessions die.
    session_token: Mapped[str] = mapped_column(String(64), nullable=False)
    # The company the user last switched to (or joined, or created): a login lands there while
    # they still belong to it (app.services.tenancy.landing_company).
    last_company_pk: Mapped[int | None] = mapped_column(ForeignKey("companies.pk"))

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")
    api_keys = relationship("ApiKey", back_populates="user")

    def get_id(self) -> str:  # Flask-Login
        return f"{self.id}:{self.session_token}"


class ApiKey(PkMixin, TimestampMixin, db.Model):
    __tablename__ = "api_keys"

    id: Mapped[str] = public_id_column("key")
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", back_populates="api_keys")
