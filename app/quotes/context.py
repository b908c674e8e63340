"""What a quote shows its client, shared by its PDF, its public page and its email: the
invoice's parties and layout with the quote's own status words."""
from __future__ import annotations

from app.models import Quote
from app.presentation import client_status, status_label
from app.quotes.states import effective_status
from app.rendering.context import document_view
from app.services.tenancy import today_for


def quote_view(quote: Quote) -> dict:
    status = effective_status(quote, today_for(quote.company))
    badge, label = client_status(status, "quote")
    return {
        **document_view(quote), "quote": quote, "invoice": quote, "status": status,
        "status_label": status_label(status), "client_badge": badge, "client_status": label,
        "stamp": None,
    }
