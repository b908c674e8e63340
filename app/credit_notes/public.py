"""A credit note as its client sees it, by its unguessable link (``/c/<token>``); no login.
Like an invoice's link it is never indexed and sends no referrer; a credit note of a deleted
invoice and an unknown token are a 404."""
from __future__ import annotations

from flask import abort, render_template, url_for
from werkzeug.exceptions import ServiceUnavailable

from app.credit_notes import service as credit_notes
from app.i18n import read_by
from app.models import CreditNote
from app.public.blueprint import bp
from app.public.documents import NOT_INDEXED, TOKEN, private
from app.rendering.context import credit_note_view
from app.rendering.pdf import RenderFailed, credit_note_pdf, pdf_response

NO_REFERRER = {"Referrer-Policy": "no-referrer"}


def _note_for(token: str) -> CreditNote:
    note = credit_notes.by_token(token) if TOKEN.match(token) else None
    if note is None or note.invoice.deleted_at is not None:
        abort(404)
    read_by(note)  # the client's page is in its credit note's language (DESIGN §17)
    return note


@bp.get("/c/<token>")
def credit_note(token: str):
    note = _note_for(token)
    return private(render_template("credit_notes/public.html", token=token,
                                   pdf_url=url_for("public.credit_note_pdf_download", token=token),
                                   **credit_note_view(note)), more=NO_REFERRER)


@bp.get("/c/<token>/pdf")
def credit_note_pdf_download(token: str):
    note = _note_for(token)
    try:
        document = credit_note_pdf(note)
    except RenderFailed as error:
        raise ServiceUnavailable(str(error)) from None
    response = pdf_response(note, document=document)
    response.headers.update({**NOT_INDEXED, **NO_REFERRER})
    return response
