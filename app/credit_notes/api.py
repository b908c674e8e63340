"""/v1/credit_notes (DESIGN §11): list (invoice_id and customer_id filters, cursors), create
(an adjustment), retrieve, the PDF and sending it to the customer."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.documents import pdf_download
from app.api.endpoint import endpoint
from app.api.resources import Resource, cursor, listed
from app.api.serializers import credit_note_json
from app.credit_notes import service as credit_notes
from app.credit_notes.schemas import CreditNoteCreate, CreditNoteListParams
from app.rendering.mail import deliver_credit_note
from app.rendering.pdf import credit_note_pdf

CREDIT_NOTE = Resource("/credit_notes/<credit_note_id>", lambda actor, note: credit_note_json(note))


@bp.get("/credit_notes")
@endpoint(reads=True, query=CreditNoteListParams)
def list_credit_notes(actor, body):
    args = request.args
    page = credit_notes.page(actor, invoice_id=args.get("invoice_id"), customer_id=args.get("customer_id"), **cursor())
    return listed(page, [credit_note_json(note) for note in page.items])


@bp.post("/credit_notes")
@endpoint(body=CreditNoteCreate)
def create_credit_note(actor, body):
    return CREDIT_NOTE.one(actor, credit_notes.create_credit_note(actor, body), 201)


@CREDIT_NOTE.retrieve()
def retrieve_credit_note(actor, body, credit_note_id):
    return credit_notes.get_credit_note(actor, credit_note_id)


@bp.get("/credit_notes/<credit_note_id>/pdf")
@endpoint(reads=True)
def credit_note_pdf_download(actor, body, credit_note_id):
    return pdf_download(credit_notes.get_credit_note(actor, credit_note_id), credit_note_pdf)


@CREDIT_NOTE.action("send")
def send_credit_note(actor, body, credit_note_id):
    return credit_notes.send_credit_note(actor, credit_note_id, deliver_credit_note)
