"""Figures for the overview: what is owed, overdue, paid lately, and drafts."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func

from app import money
from app.extensions import db
from app.models import Customer, Invoice
from app.services import tenancy
from app.services.invoices import overdue_condition
from app.services.tenancy import Actor, today_for

OPEN = ("sent", "viewed", "overdue", "partial", "in_review")


@dataclass(frozen=True)
class Overview:
    currency: str
    outstanding: Decimal
    overdue: Decimal
    drafts: int
    customers: int


def as_money(value, currency: str) -> Decimal:
    """A SQL SUM as exact money (SQLite sums NUMERIC columns as floats)."""
    return money.round_money(Decimal(str(value or 0)), currency)


def overview(actor: Actor) -> Overview:
    company, today = actor.company, today_for(actor.company)
    base = tenancy.scoped(Invoice, company).where(Invoice.currency == company.currency)
    outstanding = db.session.scalar(
        base.where(Invoice.status.in_(OPEN)).with_only_columns(func.coalesce(func.sum(Invoice.amount_due), 0)))
    overdue = db.session.scalar(
        base.where(overdue_condition(today)).with_only_columns(func.coalesce(func.sum(Invoice.amount_due), 0)))
    drafts = db.session.scalar(tenancy.scoped(Invoice, company).where(Invoice.status == "draft")
                               .with_only_columns(func.count()))
    customers = db.session.scalar(tenancy.scoped(Customer, company).with_only_columns(func.count()))
    return Overview(company.currency, as_money(outstanding, company.currency), as_money(overdue, company.currency),
                    drafts, customers)
