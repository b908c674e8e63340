"""The credit note (DESIGN §11), as the registry of document types knows it
(app/document_types.py). It has no statuses of its own, and its activities are its invoice's."""
from app.document_types import Api, Dashboard, DocumentType, Numbering, Public, register
from app.i18n import _l
from app.models import CreditNote

CREDIT_NOTE = register(DocumentType(
    kind="credit_note", order=3, model=CreditNote, id_prefix="cn", singular="credit note", plural="credit notes",
    numbering=Numbering("credit_note", "credit_note_prefix", _l("Credit note number prefix"),
                        _l("Credit notes have their own numbers: CN-2026-000001.")),
    dashboard=Dashboard(("app.credit_notes.views:bp",), "credit_notes.index", _l("Credit notes"), nav_parent="invoice"),
    api=Api(("app.credit_notes.api",), "app.credit_notes.api:CREDIT_NOTE", "/credit_notes",
            "app.credit_notes.schemas:CreditNote"),
    public=Public("/c/", "app.credit_notes.public"),
    pdf_template="credit_notes/pdf.html", mail_template="credit_notes",
))
