"""Quotes (DESIGN §12): create and update (drafts fully, afterwards notes and terms), totals,
lookups and lists. The life-cycle actions are in :mod:`app.quotes.lifecycle`; the
items, totals and pricing checks are the ones every priced document shares
(:mod:`app.services.document_items`); a new draft, an update and the editor's preview are
the ones invoices have too (:mod:`app.services.documents`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from app import limits
from app.extensions import db
from app.i18n import _, _l
from app.models import Customer, Quote, QuoteItem
from app.quotes.states import QUOTE, effective_status, status_condition
from app.services import document_items, documents, inputs, numbering, pagination, tenancy
from app.services.errors import ValidationError
from app.services.inputs import Errors
from app.services.tenancy import Actor, today_for

EDITABLE_ANY_TIME = ("notes", "terms")
DRAFT_FIELDS = ("customer_id", "issue_date", "expiry_date", "currency", "tax_rate", "tax_id",
                "discount_type", "discount_value", "amounts_include_tax", "items", "line_items")
DEFAULT_VALID_DAYS = 30
EXPIRY_BEFORE_ISSUE = _l("The expiry date cannot be before the issue date.")
STATUS_FILTERS = QUOTE.statuses


# --- reading ----------------------------------------------------------------------------

def get_quote(actor: Actor, quote_id: str, *, for_update: bool = False) -> Quote:
    return tenancy.get(Quote, actor.company, quote_id, for_update=for_update)


@dataclass(frozen=True)
class QuoteFilters:
    status: str | None = None
    customer_id: str | None = None


def _filtered(actor: Actor, filters: QuoteFilters):
    # A page's customers and items come in one query each (no query per row).
    query = tenancy.scoped(Quote, actor.company).options(selectinload(Quote.customer), selectinload(Quote.items))
    if filters.status not in (None, ""):
        status = inputs.choice(filters.status, "status", STATUS_FILTERS)
        query = query.where(status_condition(status, today_for(actor.company)))
    if filters.customer_id not in (None, ""):
        customer = tenancy.find(Customer, actor.company, filters.customer_id)
        if customer is None:
            raise ValidationError({"customer_id": _("No such customer: '%(id)s'.", id=filters.customer_id)})
        query = query.where(Quote.customer_pk == customer.pk)
    return query


def page_of_quotes(actor: Actor, filters: QuoteFilters, number: int) -> pagination.Page:
    """The dashboard's numbered list, newest first."""
    return pagination.page_by_number(_filtered(actor, filters).order_by(Quote.pk.desc()), number)


def cursor_page(actor: Actor, filters: QuoteFilters, *, limit: int, starting_after: str | None = None,
                ending_before: str | None = None) -> pagination.Page:
    """The API's list: newest first, by cursor (a cursor is any live quote of the company)."""
    return pagination.paginate(_filtered(actor, filters), Quote, limit=limit, starting_after=starting_after,
                               ending_before=ending_before, cursor_scope=tenancy.scoped(Quote, actor.company))


def of_customer(actor: Actor, customer: Customer, limit: int = 50) -> list[Quote]:
    """A customer's newest quotes (their page)."""
    query = tenancy.scoped(Quote, actor.company).where(Quote.customer_pk == customer.pk)
    return list(db.session.scalars(query.order_by(Quote.pk.desc()).limit(limit)))


# --- writing ----------------------------------------------------------------------------

def _clean_fields(actor: Actor, data: dict, quote: Quote | None) -> dict:
    """Check every given field; returns clean values (``items`` as dicts)."""
    errors = Errors()
    clean = document_items.clean_pricing(data, quote, errors, company=actor.company, noun="quote")
    clean.update(documents.clean_heading(actor, data, errors, dates=("issue_date", "expiry_date"),
                                         texts=(("notes", limits.NOTES), ("terms", limits.QUOTE_TERMS)),
                                         multiline=("notes", "terms")))
    document_items.clean_text_total(data, clean, quote, errors, texts=("notes", "terms"), noun="quote")
    documents.check_order(actor, clean, quote, errors, "issue_date", "expiry_date", str(EXPIRY_BEFORE_ISSUE))
    errors.raise_if_any()
    return clean


def _apply(quote: Quote, clean: dict, items: list[dict] | None) -> None:
    documents.apply_heading(quote, clean, ("issue_date", "expiry_date", "notes", "terms"), "expiry_date",
                            str(EXPIRY_BEFORE_ISSUE))
    document_items.apply_pricing(quote, clean, items, QuoteItem)


KIND = documents.Kind(Quote, numbering.QUOTE, "number", "expiry_date", DEFAULT_VALID_DAYS, _clean_fields, _apply, QUOTE,
                      effective_status, DRAFT_FIELDS, EDITABLE_ANY_TIME)


preview_totals = KIND.preview
create_quote = KIND.create


def update_quote(actor: Actor, quote_id: str, data: dict) -> Quote:
    """Any field of a draft; afterwards notes and terms (:mod:`app.services.documents`)."""
    return documents.update(actor, get_quote(actor, quote_id, for_update=True), data, KIND)
