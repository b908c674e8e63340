"""The recurring invoice, as the registry of document types knows it (app/document_types.py):
no number, public page, PDF or mail of its own (the invoices it issues have them)."""
from app.document_types import Api, Dashboard, DocumentType, register
from app.i18n import _l
from app.models import RecurringInvoice
from app.recurring.states import RECURRING as LIFE_CYCLE

RECURRING = register(DocumentType(
    kind="recurring", order=4, model=RecurringInvoice, id_prefix="rec", singular="recurring invoice",
    plural="recurring invoices", lifecycle=LIFE_CYCLE,
    # Its badges read the status itself (the badge capitalises it), except "Cancelled".
    labels={"active": _l("active"), "paused": _l("paused"), "completed": _l("completed"), "cancelled": _l("Cancelled")},
    dashboard=Dashboard(("app.recurring.views:bp",), "recurring.index", _l("Recurring")),
    api=Api(("app.recurring.api",), "app.recurring.api:RECURRING", "/recurring_invoices",
            "app.recurring.schemas:RecurringInvoice"),
))
