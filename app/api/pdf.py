"""GET /v1/invoices/<id>/pdf: the invoice's PDF for an API key of its company."""
from __future__ import annotations

from app.api import bp
from app.api.endpoint import endpoint
from app.api.errors import ApiError
from app.documents.pdf import RenderFailed, invoice_pdf, pdf_response
from app.services import invoices


@bp.get("/invoices/<invoice_id>/pdf")
@endpoint(reads=True)
def download_invoice_pdf(actor, body, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    try:
        document = invoice_pdf(invoice)
    except RenderFailed as error:
        raise ApiError(503, "render_failed", str(error)) from None
    return pdf_response(invoice, document=document)
