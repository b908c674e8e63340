"""The quote (DESIGN §12), as the registry of document types knows it (app/document_types.py)."""
from app.document_types import Api, Dashboard, DocumentType, Numbering, Public, register
from app.i18n import _l
from app.models import Quote
from app.quotes.states import QUOTE as LIFE_CYCLE

QUOTE = register(DocumentType(
    kind="quote", order=2, model=Quote, id_prefix="quo", singular="quote", plural="quotes",
    numbering=Numbering("quote", "quote_prefix", _l("Quote number prefix"),
                        _l("Quotes have their own counter: PREFIX-2026-000001.")),
    lifecycle=LIFE_CYCLE,
    labels={"draft": _l("Draft"), "sent": _l("Sent"), "viewed": _l("Viewed"), "accepted": _l("Accepted"),
            "declined": _l("Declined"), "expired": _l("Expired"), "cancelled": _l("Cancelled"),
            "invoiced": _l("Invoiced")},
    dashboard=Dashboard(("app.quotes.views:bp", "app.quotes.actions:bp"), "quotes.index", _l("Quotes"),
                        activity_page=("quotes.show", "quote_id"), new="quotes.new"),
    api=Api(("app.quotes.api",), "app.quotes.api:QUOTE", "/quotes", "app.quotes.schemas:Quote"),
    # A quote turned into an invoice is, to its client, accepted.
    public=Public("/q/", "app.quotes.public", {"viewed": "sent", "invoiced": "accepted"}),
    pdf_template="quotes/pdf.html", mail_template="quotes",
))
