"""The invoice as its client sees it, by its unguessable link; no login.

A visitor's view is recorded (the first one moves a sent invoice to viewed); a logged-in
member of the invoice's company is previewing and is never recorded. Drafts have not been
sent, so their link is a 404 for visitors while members may preview them. Deleted invoices
and unknown tokens are a 404 as well."""
from __future__ import annotations

import re

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.invoices import lifecycle
from app.invoices.states import INVOICE
from app.models import Invoice
from app.public.blueprint import bp
from app.rendering.context import invoice_view
from app.rendering.pdf import pdf_response
from app.services import read_one_snapshot, transaction
from app.services.errors import NotFound
from app.services.tenancy import actor_for, today_for

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43,64}$")  # secrets.token_urlsafe(32): 256 bits


def _invoice_for(token: str) -> Invoice:
    if not TOKEN.match(token):
        abort(404)
    invoice = db.session.scalars(
        select(Invoice).where(Invoice.public_token == token, Invoice.deleted_at.is_(None))
        .options(joinedload(Invoice.company), selectinload(Invoice.items))).first()
    if invoice is None:
        abort(404)
    return invoice


def _is_member(invoice: Invoice) -> bool:
    if not current_user.is_authenticated:
        return False
    try:
        actor_for(current_user, invoice.company.id)
    except NotFound:
        return False
    return True


def _visible(token: str) -> tuple[Invoice, bool]:
    invoice = _invoice_for(token)
    preview = _is_member(invoice)
    if not preview and not INVOICE.permits("view", invoice, today_for(invoice.company)):
        abort(404)
    return invoice, preview


@bp.get("/i/<token>")
def show(token: str):
    invoice, preview = _visible(token)
    if not preview and request.method == "GET":  # a HEAD (link checkers) is not a view
        with transaction():
            lifecycle.record_public_view(invoice)
    response = make_response(render_template("invoices/public.html", preview=preview, token=token,
                                              pdf_url=url_for("public.pdf", token=token), **invoice_view(invoice)))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/i/<token>/pdf")
def pdf(token: str):
    read_one_snapshot()  # a draft's items and totals (a member's preview) are read together
    invoice, _preview = _visible(token)
    response = pdf_response(invoice)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
