from sqlalchemy import Boolean, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, public_id_column


class BankAccount(PkMixin, TimestampMixin, db.Model):
    """Where a company is paid (DESIGN §15): an IBAN (with its BIC, optional), or an account
    number with a US routing number or a GB sort code. One default per currency."""
    __tablename__ = "bank_accounts"
    __table_args__ = (Index("ix_bank_accounts_company_currency", "company_pk", "currency", "pk"),)

    id: Mapped[str] = public_id_column("ba")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    label: Mapped[str] = mapped_column(String(limits.BANK_ACCOUNT_LABEL), nullable=False)
    account_holder: Mapped[str] = mapped_column(String(limits.ACCOUNT_HOLDER), nullable=False)
    iban: Mapped[str | None] = mapped_column(String(limits.IBAN))          # compact: no spaces, upper case
    bic: Mapped[str | None] = mapped_column(String(limits.BIC))
    account_number: Mapped[str | None] = mapped_column(String(limits.ACCOUNT_NUMBER))
    routing_number: Mapped[str | None] = mapped_column(String(limits.ROUTING_NUMBER))
    sort_code: Mapped[str | None] = mapped_column(String(limits.SORT_CODE))
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())

    company = relationship("Company")
