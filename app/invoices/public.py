"""The invoice as its client sees it, by its unguessable link; no login.

A visitor's view is recorded (the first one moves a sent invoice to viewed); a logged-in
member of the invoice's company is previewing and is never recorded. Drafts have not been
sent, so their link is a 404 for visitors while members may preview them. Deleted invoices
and unknown tokens are a 404 as well."""
from __future__ import annotations

from flask import render_template, url_for

from app.invoices import lifecycle
from app.invoices.states import INVOICE
from app.models import Invoice
from app.public.blueprint import bp
from app.public.documents import NOT_INDEXED, by_token, previewing, private, record_view
from app.rendering.context import invoice_view
from app.rendering.pdf import pdf_response
from app.services import read_one_snapshot
from app.services.tenancy import today_for


def _visible(token: str) -> tuple[Invoice, bool]:
    invoice = by_token(Invoice, token)
    return invoice, previewing(invoice, viewable=INVOICE.permits("view", invoice, today_for(invoice.company)))


@bp.get("/i/<token>")
def show(token: str):
    invoice, preview = _visible(token)
    record_view(invoice, preview, lifecycle.record_public_view)
    return private(render_template("invoices/public.html", preview=preview, token=token,
                                   pdf_url=url_for("public.pdf", token=token), **invoice_view(invoice)))


@bp.get("/i/<token>/pdf")
def pdf(token: str):
    read_one_snapshot()  # a draft's items and totals (a member's preview) are read together
    invoice, _preview = _visible(token)
    response = pdf_response(invoice)
    response.headers.update(NOT_INDEXED)
    return response
