"""The invoice, as the registry of document types knows it (app/document_types.py)."""
from app.document_types import Api, Dashboard, DocumentType, Numbering, Public, register
from app.i18n import _l
from app.invoices.states import INVOICE as LIFE_CYCLE
from app.models import Invoice

INVOICE = register(DocumentType(
    kind="invoice", order=1, model=Invoice, id_prefix="inv", singular="invoice", plural="invoices",
    numbering=Numbering("invoice", "invoice_prefix", _l("Invoice number prefix"),
                        _l("Numbers look like PREFIX-2026-000001.")),
    lifecycle=LIFE_CYCLE,
    labels={"draft": _l("Draft"), "sent": _l("Sent"), "viewed": _l("Viewed"), "in_review": _l("In review"),
            "partial": _l("Partially paid"), "paid": _l("Paid"), "overdue": _l("Overdue"), "cancelled": _l("Cancelled"),
            "refunded": _l("Refunded")},
    dashboard=Dashboard(("app.invoices.views:bp", "app.invoices.actions:bp"), "invoices.index", _l("Invoices"),
                        activity_page=("invoices.show", "invoice_id"), new="invoices.new"),
    api=Api(("app.invoices.api",), "app.invoices.api:INVOICE", "/invoices",
            "app.invoices.schemas:Invoice"),
    # "viewed" and "in_review" are the company's own tracking: the client reads "Open" (sent).
    public=Public("/i/", "app.invoices.public", {"viewed": "sent", "in_review": "sent"}),
    pdf_template="documents/_pdf.html", mail_template="invoices",
))
