"""/v1/credit_notes (DESIGN §11): list (invoice_id and customer_id filters, cursors), create
(an adjustment), retrieve, the PDF and sending it to the customer."""
from __future__ import annotations

from flask import request

from app.api import bp
from app.api.endpoint import endpoint
from app.api.errors import ApiError
from app.api.serializers import credit_note_json
from app.documents.mail import deliver_credit_note
from app.documents.pdf import RenderFailed, credit_note_pdf, pdf_response
from app.schemas.common import EmptyInput
from app.schemas.credit_notes import CreditNoteCreate, CreditNoteListParams
from app.services import credit_notes
from app.services.pagination import parse_limit


@bp.get("/credit_notes")
@endpoint(reads=True, query=CreditNoteListParams)
def list_credit_notes(actor, body):
    args = request.args
    page = credit_notes.page(actor, invoice_id=args.get("invoice_id"), customer_id=args.get("customer_id"),
                             limit=parse_limit(args.get("limit")), starting_after=args.get("starting_after"),
                             ending_before=args.get("ending_before"))
    return {"data": [credit_note_json(note) for note in page.items], "has_more": page.has_more}, 200


@bp.post("/credit_notes")
@endpoint(body=CreditNoteCreate)
def create_credit_note(actor, body):
    return {"data": credit_note_json(credit_notes.create_credit_note(actor, body))}, 201


@bp.get("/credit_notes/<credit_note_id>")
@endpoint(reads=True)
def retrieve_credit_note(actor, body, credit_note_id):
    return {"data": credit_note_json(credit_notes.get_credit_note(actor, credit_note_id))}, 200


@bp.get("/credit_notes/<credit_note_id>/pdf")
@endpoint(reads=True)
def credit_note_pdf_download(actor, body, credit_note_id):
    note = credit_notes.get_credit_note(actor, credit_note_id)
    try:
        document = credit_note_pdf(note)
    except RenderFailed as error:
        raise ApiError(503, "render_failed", str(error)) from None
    return pdf_response(note, document=document)


@bp.post("/credit_notes/<credit_note_id>/send")
@endpoint(body=EmptyInput)
def send_credit_note(actor, body, credit_note_id):
    return {"data": credit_note_json(credit_notes.send_credit_note(actor, credit_note_id, deliver_credit_note))}, 200
