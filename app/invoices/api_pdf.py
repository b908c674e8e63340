"""GET /v1/invoices/<id>/pdf: the invoice's PDF for an API key of its company."""
from __future__ import annotations

from app.api.blueprint import bp
from app.api.documents import pdf_download
from app.api.endpoint import endpoint
from app.invoices import service as invoices
from app.rendering.pdf import invoice_pdf


@bp.get("/invoices/<invoice_id>/pdf")
@endpoint(reads=True)
def download_invoice_pdf(actor, body, invoice_id):
    return pdf_download(invoices.get_invoice(actor, invoice_id), invoice_pdf)
