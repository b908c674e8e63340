from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import limits
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, public_id_column


class TaxRate(PkMixin, TimestampMixin, db.Model):
    """A company's tax rate (DESIGN §10). Never deleted: archived with ``active = False``."""
    __tablename__ = "tax_rates"
    __table_args__ = (Index("ix_tax_rates_company_list", "company_pk", "active", "pk"),)

    id: Mapped[str] = public_id_column("txr")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    name: Mapped[str] = mapped_column(String(limits.TAX_RATE_NAME), nullable=False)
    percentage: Mapped[Decimal] = mapped_column(Numeric(6, 3, asdecimal=True), nullable=False)
    category: Mapped[str] = mapped_column(String(limits.TAX_CATEGORY), nullable=False, default="S")
    exemption_reason: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The revenue account the accountant books this rate's sales to (DESIGN §19; DATEV's Gegenkonto).
    account: Mapped[str | None] = mapped_column(String(limits.ACCOUNT))
