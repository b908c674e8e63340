"""/v1/credit_notes (DESIGN §11): list (invoice_id and customer_id filters, cursors), create
(an adjustment), retrieve, the PDF and sending it to the customer."""
from __future__ import annotations

from flask import request

from app.api.documents import PDF, pdf_download
from app.api.resources import Resource, cursor, listed
from app.api.serializers import credit_note_json
from app.credit_notes import service as credit_notes
from app.credit_notes.schemas import CreditNote, CreditNoteCreate, CreditNoteListParams
from app.rendering.mail import deliver_credit_note
from app.rendering.pdf import credit_note_pdf

CREDIT_NOTE = Resource("/credit_notes/<credit_note_id>", lambda actor, note: credit_note_json(note), CreditNote)

create_credit_note = CREDIT_NOTE.create("Issue an adjustment credit note on a sent invoice (by amount or by lines; at "
                                        "most its amount_due).", body=CreditNoteCreate, errors=(409,),
                                        runs=credit_notes.create_credit_note)
retrieve_credit_note = CREDIT_NOTE.retrieve("Retrieve a credit note.", runs=credit_notes.get_credit_note)


@CREDIT_NOTE.listing("List credit notes, newest first.", query=CreditNoteListParams)
def list_credit_notes(actor, body):
    args = request.args
    page = credit_notes.page(actor, invoice_id=args.get("invoice_id"), customer_id=args.get("customer_id"), **cursor())
    return listed(page, [credit_note_json(note) for note in page.items])


@CREDIT_NOTE.download("pdf", "The credit note as a PDF document.", PDF, errors=(503,))
def credit_note_pdf_download(actor, body, credit_note_id):
    return pdf_download(credit_notes.get_credit_note(actor, credit_note_id), credit_note_pdf)


@CREDIT_NOTE.action("send", "Email the credit note (PDF and public link) to the invoice's customer.", errors=(502,))
def send_credit_note(actor, body, credit_note_id):
    return credit_notes.send_credit_note(actor, credit_note_id, deliver_credit_note)
