"""GET /v1/invoices/<id>/pdf: the invoice's PDF for an API key of its company."""
from __future__ import annotations

from app.api.documents import PDF, pdf_download
from app.invoices import service as invoices
from app.invoices.api import INVOICE
from app.rendering.pdf import invoice_pdf


@INVOICE.download("pdf", "The invoice as a PDF document.", PDF, errors=(503,))
def download_invoice_pdf(actor, body, invoice_id):
    return pdf_download(invoices.get_invoice(actor, invoice_id), invoice_pdf)
