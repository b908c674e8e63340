"""What a quote shows its client, shared by its PDF, its public page and its email: the
invoice's parties and layout with the quote's own status words."""
from __future__ import annotations

from app.documents.context import document_view
from app.models import Quote
from app.presentation import status_label
from app.services.quote_states import effective_status
from app.services.tenancy import today_for

# What the client reads: "viewed" is the company's own tracking, so the PDF the email carried
# and the one downloaded after opening the link are the same document.
CLIENT_STATUS = {"draft": "Draft", "sent": "Open", "viewed": "Open", "accepted": "Accepted", "declined": "Declined",
                 "expired": "Expired", "cancelled": "Cancelled", "invoiced": "Accepted"}


def quote_view(quote: Quote) -> dict:
    status = effective_status(quote, today_for(quote.company))
    return {
        **document_view(quote), "quote": quote, "invoice": quote, "status": status,
        "status_label": status_label(status), "client_status": CLIENT_STATUS.get(status, status), "stamp": None,
    }
