"""Quote shapes (DESIGN §12): create, update, the accept and decline inputs, the quote object
with its items, and the list's parameters. Items and pricing fields are the invoice's."""
from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from app import limits
from app.invoices.schemas import InvoiceDraftFields, PricedDocument
from app.models.quote import QUOTE_STATUSES
from app.schemas.common import CursorParams, Input
from app.schemas.fields import Choice, Day, PublicId, Reference, Text, Timestamp, named

QuoteStatus = named("QuoteStatus", QUOTE_STATUSES)


def _as_invoice(name: str, description: str | None = None):
    """The invoice's own field ``name`` (its checks, schema and description), declared once there."""
    info = InvoiceDraftFields.model_fields[name]
    return Annotated[info.annotation, *info.metadata, Field(description=description or info.description)]


class QuoteDraftFields(Input):
    ITEMS_OF: ClassVar[tuple[str, str]] = ("quote", "items")  # the item limit's words
    customer_id: Reference("A customer of the company.") = None
    issue_date: Day(description="Default: today in the company's timezone.") = None
    expiry_date: Day(description="Default: 30 days after issue_date.") = None
    currency: _as_invoice("currency") = None
    tax_rate: _as_invoice("tax_rate") = None
    discount_type: _as_invoice("discount_type") = None
    discount_value: _as_invoice("discount_value") = None
    tax_id: Text(limits.TAX_ID) = None
    notes: Text(limits.NOTES, multiline=True) = None
    terms: Text(limits.QUOTE_TERMS, multiline=True, description="The terms the client accepts with the quote.") = None
    items: _as_invoice("items") = None
    line_items: _as_invoice("line_items") = None


class QuoteCreate(QuoteDraftFields):
    """A new draft quote; totals are computed."""
    customer_id: Reference("A customer of the company.")


class QuoteUpdate(QuoteDraftFields):
    """A draft takes every field (items are replaced); afterwards only notes and terms."""


class QuoteAcceptInput(Input):
    """An acceptance that came by other means (mail, phone, signed paper)."""
    accepted_by: Text(limits.ACCEPTED_BY, required=True, nullable=False,
                      description="The name of whoever accepted.")


class QuoteDeclineInput(Input):
    reason: Text(limits.DECLINE_REASON, multiline=True, description="Stored as decline_reason.") = None


class Quote(PricedDocument):
    id: PublicId("quo")
    number: str
    customer_id: PublicId("cus")
    status: QuoteStatus = Field(description="expired is computed from expiry_date (sent or viewed quotes).")
    issue_date: date
    expiry_date: date
    terms: str | None
    public_token: str
    invoice_id: PublicId("inv") | None = Field(description="The invoice it was converted into.")
    sent_at: Timestamp | None
    viewed_at: Timestamp | None
    accepted_at: Timestamp | None
    accepted_by: str | None
    declined_at: Timestamp | None
    decline_reason: str | None
    cancelled_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class QuoteListParams(CursorParams):
    status: Choice(QuoteStatus, description="Filter by status (expired is computed).") = None
    customer_id: str = Field(None, description="Filter by customer.")
