"""What every priced document shares (DESIGN §10–§13): an invoice, a quote, a recurring
invoice and a credit note carry the same items, the same pricing fields and the same
totals. Each document type has its own tables; these mixins give them one set of columns,
so the items, the totals engine, the editor and the presentation are written once."""
from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app import limits, money
from app.models.base import money_column


class PricedDocumentMixin:
    """Currency, the seed's single tax rate, discount, prices including tax or not, the
    totals of DESIGN §4/§10 and the tax breakdown they came with."""
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    tax_id: Mapped[str | None] = mapped_column(String(limits.TAX_ID))
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(7, 3, asdecimal=True), nullable=False, default=Decimal(0))
    discount_type: Mapped[str | None] = mapped_column(String(limits.CODE))
    discount_value: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    amounts_include_tax: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    subtotal: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    discount_amount: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    subtotal_after_discount: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    tax_amount: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    total: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    # One entry per rate in order of first use (DESIGN §10 ``tax_breakdown``), written with the
    # totals. NULL on documents saved before per-item rates: they have the seed's one rate.
    tax_breakdown: Mapped[list | None] = mapped_column(JSON)

    @property
    def total_excluding_tax(self) -> Decimal:
        return money.total_excluding_tax(self.total, self.tax_amount)


class LanguageMixin:
    """The language a document was sent (a credit note: issued) in, frozen with its §10
    snapshot (DESIGN §17); NULL while a draft: its customer's language then."""
    language: Mapped[str | None] = mapped_column(String(limits.LANGUAGE))


class SupplyPeriodMixin:
    """When the goods or services were supplied (DESIGN §10): a date or a period; neither
    means the issue date."""
    supply_date: Mapped[date | None] = mapped_column(Date)
    supply_period_start: Mapped[date | None] = mapped_column(Date)
    supply_period_end: Mapped[date | None] = mapped_column(Date)


class LineItemMixin:
    """One priced row. ``tax_rates`` is a copy of each rate the row carries (id, name,
    percentage, category, exemption_reason) as it was when saved: editing or archiving a
    rate later never changes a document. NULL or empty: the document's single rate."""
    item_name: Mapped[str] = mapped_column(String(limits.ITEM_NAME), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[Decimal] = money_column(nullable=False)
    unit: Mapped[str | None] = mapped_column(String(limits.ITEM_UNIT))
    unit_price: Mapped[Decimal] = money_column(nullable=False)
    subtotal: Mapped[Decimal] = money_column(nullable=False)
    total: Mapped[Decimal] = money_column(nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    tax_rates: Mapped[list | None] = mapped_column(JSON)
