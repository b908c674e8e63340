from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import limits, money
from app.extensions import db
from app.models.base import PkMixin, TimestampMixin, UTCDateTime, money_column, public_id_column, utcnow
from app.models.document import LanguageMixin, LineItemMixin, PricedDocumentMixin, SupplyPeriodMixin

INVOICE_STATUSES = ("draft", "sent", "viewed", "in_review", "partial", "paid", "overdue", "cancelled", "refunded")


class Invoice(PkMixin, TimestampMixin, PricedDocumentMixin, LanguageMixin, SupplyPeriodMixin, db.Model):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("company_pk", "invoice_number"),
        Index("ix_invoices_company_list", "company_pk", "deleted_at", "pk"),
        Index("ix_invoices_company_status", "company_pk", "status", "pk"),
        Index("ix_invoices_company_customer", "company_pk", "customer_pk", "pk"),
        Index("ix_invoices_company_due", "company_pk", "due_date", "pk"),
        # The list's sorts (migration 0004): issue date (the default, also per customer) and total.
        Index("ix_invoices_company_issued", "company_pk", "issue_date", "invoice_number"),
        Index("ix_invoices_customer_issued", "company_pk", "customer_pk", "issue_date", "invoice_number"),
        Index("ix_invoices_company_total", "company_pk", "total", "pk"),
        # Covering indexes (migration 0002): the overview's open amounts and a customer's balance.
        Index("ix_invoices_company_open", "company_pk", "status", "deleted_at", "currency", "due_date", "amount_due"),
        Index("ix_invoices_customer_open", "company_pk", "customer_pk", "status", "deleted_at", "currency",
              "amount_due"),
        # Migration 0006: the reminders' tick reads open invoices by status and due date.
        Index("ix_invoices_company_status_due", "company_pk", "status", "due_date"),
        # Migration 0019: the export reads a date range in (issue date, pk) order.
        Index("ix_invoices_company_export", "company_pk", "issue_date", "pk"),
        # Migration 0010: one invoice per period of a recurring invoice, whoever issues it.
        UniqueConstraint("recurring_invoice_pk", "recurring_period_start"),
    )

    id: Mapped[str] = public_id_column("inv")
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.pk"), nullable=False)
    invoice_number: Mapped[str] = mapped_column(String(limits.DOCUMENT_NUMBER), nullable=False)
    status: Mapped[str] = mapped_column(String(limits.CODE), nullable=False, default="draft")
    issue_date: Mapped[date] = mapped_column(Date, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    payment_terms: Mapped[str | None] = mapped_column(String(limits.PAYMENT_TERMS))
    amount_paid: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    amount_refunded: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    amount_due: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0))
    # The sum of the invoice's credit notes (DESIGN §11); amount_due takes it off.
    amount_credited: Mapped[Decimal] = money_column(nullable=False, default=Decimal(0), server_default="0")
    public_token: Mapped[str] = mapped_column(String(limits.TOKEN), unique=True, nullable=False)
    billing_snapshot: Mapped[dict | None] = mapped_column(JSON)
    # The seller as it was when the invoice was sent (legal name, address, VAT id): DESIGN §10.
    seller_snapshot: Mapped[dict | None] = mapped_column(JSON)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminders_excluded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    # Issued by a recurring invoice: which one, and the start of its period (DESIGN §13).
    recurring_invoice_pk: Mapped[int | None] = mapped_column(ForeignKey("recurring_invoices.pk"))
    recurring_period_start: Mapped[date | None] = mapped_column(Date)
    # The quote this invoice was converted from (DESIGN §12); unique: a quote converts once.
    quote_pk: Mapped[int | None] = mapped_column(ForeignKey("quotes.pk"), unique=True)
    # How to pay (DESIGN §15): the account chosen (else the company's default for the currency),
    # the account as printed when sent, and the payment reference fixed when sent.
    bank_account_pk: Mapped[int | None] = mapped_column(ForeignKey("bank_accounts.pk"))
    bank_account_snapshot: Mapped[dict | None] = mapped_column(JSON)
    payment_reference: Mapped[str | None] = mapped_column(String(limits.PAYMENT_REFERENCE))
    # Whether the client's page offers the Pay button when the company is connected to Stripe (DESIGN §16).
    online_payment: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())

    company = relationship("Company")
    customer = relationship("Customer")
    recurring_invoice = relationship("RecurringInvoice")
    items = relationship("InvoiceItem", order_by="InvoiceItem.sort_order", cascade="all, delete-orphan",
                         back_populates="invoice")
    payments = relationship("Payment", order_by="Payment.pk", back_populates="invoice")
    refunds = relationship("Refund", order_by="Refund.pk", back_populates="invoice")
    credit_notes = relationship("CreditNote", order_by="CreditNote.pk", back_populates="invoice")
    quote = relationship("Quote", back_populates="invoice")
    bank_account = relationship("BankAccount")

    @property
    def amount_overpaid(self) -> Decimal:
        """Paid beyond what the invoice asked (an online payment that came after it was paid; DESIGN §16)."""
        return money.amount_overpaid(self.total, credited=self.amount_credited, paid=self.amount_paid,
                                     refunded=self.amount_refunded)

    @property
    def quote_id(self) -> str | None:
        return self.quote.id if self.quote is not None else None

    @property
    def bank_account_id(self) -> str | None:
        if self.bank_account_pk is not None:
            return self.bank_account.id
        return (self.bank_account_snapshot or {}).get("id")  # sent, and the account deleted since

    @property
    def recurring_invoice_id(self) -> str | None:
        return self.recurring_invoice.id if self.recurring_invoice_pk is not None else None


class InvoiceItem(PkMixin, LineItemMixin, db.Model):
    __tablename__ = "invoice_items"

    id: Mapped[str] = public_id_column("di")
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False, index=True)

    invoice = relationship("Invoice", back_populates="items")


class MoneyMovementMixin:
    """A payment or refund carries its invoice's company and currency (both fixed once an
    invoice can take money), so revenue by month reads one index range, with no join."""
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk"), nullable=False)
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), nullable=False)

    @classmethod
    def of(cls, invoice: "Invoice", **fields):
        return cls(invoice=invoice, company_pk=invoice.company_pk, currency=invoice.currency, **fields)


class Payment(PkMixin, TimestampMixin, MoneyMovementMixin, db.Model):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_company_paid_at", "company_pk", "currency", "paid_at", "amount"),
        # A provider's transaction is recorded once per company, whoever reports it first (DESIGN §16).
        UniqueConstraint("company_pk", "provider", "provider_payment_id"),
        Index("ix_payments_company_day", "company_pk", "paid_at", "pk"),  # the export (migration 0019)
    )

    id: Mapped[str] = public_id_column("pay")
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False, index=True)
    amount: Mapped[Decimal] = money_column(nullable=False)
    payment_method: Mapped[str | None] = mapped_column(String(limits.PAYMENT_METHOD))
    transaction_id: Mapped[str | None] = mapped_column(String(limits.TRANSACTION_ID))
    paid_at: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    # Recorded from a payment provider ("stripe"): its id of the money (a PaymentIntent); NULL when typed in.
    provider: Mapped[str | None] = mapped_column(String(limits.CODE))
    provider_payment_id: Mapped[str | None] = mapped_column(String(limits.TRANSACTION_ID))

    invoice = relationship("Invoice", back_populates="payments")
    refunds = relationship("Refund", order_by="Refund.pk", back_populates="payment")


class Refund(PkMixin, MoneyMovementMixin, db.Model):
    __tablename__ = "refunds"
    __table_args__ = (Index("ix_refunds_company_created_at", "company_pk", "currency", "created_at", "amount"),
                      Index("ix_refunds_company_day", "company_pk", "created_at", "pk"))  # the export (0019)

    id: Mapped[str] = public_id_column("ref")
    invoice_pk: Mapped[int] = mapped_column(ForeignKey("invoices.pk"), nullable=False, index=True)
    amount: Mapped[Decimal] = money_column(nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    payment_method: Mapped[str | None] = mapped_column(String(limits.PAYMENT_METHOD))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    # The payment it returns (DESIGN §16; NULL for refunds recorded before payments were named),
    # and the provider's id of the refund when the money went back through it.
    payment_pk: Mapped[int | None] = mapped_column(ForeignKey("payments.pk"), index=True)
    provider_refund_id: Mapped[str | None] = mapped_column(String(limits.TRANSACTION_ID))

    invoice = relationship("Invoice", back_populates="refunds")
    payment = relationship("Payment", back_populates="refunds")

    @property
    def payment_id(self) -> str | None:
        return self.payment.id if self.payment_pk is not None else None
