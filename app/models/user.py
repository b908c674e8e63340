from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, public_id_column


class User(PkMixin, TimestampMixin, UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[str] = public_id_column("usr")
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(limits.USER_NAME), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(limits.PASSWORD_HASH), nullable=False)
    # Changes on logout and password change; part of the login session, so old sessions die.
    session_token: Mapped[str] = mapped_column(String(limits.TOKEN), nullable=False)
    # The company the user last switched to (or joined, or created): a login lands there while
    # they still belong to it (app.services.tenancy.landing_company).
    last_company_pk: Mapped[int | None] = mapped_column(ForeignKey("companies.pk"))
    # The dashboard's language (DESIGN §17); NULL until chosen: the browser's Accept-Language.
    language: Mapped[str | None] = mapped_column(String(limits.LANGUAGE))

    memberships = relationship("Membership", back_populates="user", cascade="all, delete-orphan")
    api_keys = relationship("ApiKey", back_populates="user")

    def get_id(self) -> str:  # Flask-Login
        return f"{self.id}:{self.session_token}"


class ApiKey(PkMixin, TimestampMixin, db.Model):
    __tablename__ = "api_keys"

    id: Mapped[str] = public_id_column("key")
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(limits.API_KEY_NAME), nullable=False, default="")
    key_hash: Mapped[str] = mapped_column(String(limits.TOKEN), unique=True, nullable=False)
    display_prefix: Mapped[str] = mapped_column(String(limits.KEY_DISPLAY_PREFIX), nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", back_populates="api_keys")
