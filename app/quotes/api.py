"""/v1/quotes (DESIGN §12): create, list, retrieve, update (POST), delete, and the actions
send, accept (an acceptance that came by other means), decline, cancel, convert (201 with the
new draft invoice) and pdf."""
from __future__ import annotations

from flask import request

from app.api.blueprint import bp
from app.api.documents import pdf_download
from app.api.endpoint import endpoint
from app.api.resources import Resource, cursor, listed
from app.api.serializers import quote_json
from app.invoices.api import INVOICE
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.quotes.schemas import QuoteAcceptInput, QuoteCreate, QuoteDeclineInput, QuoteListParams, QuoteUpdate
from app.rendering.mail import deliver_quote
from app.rendering.pdf import quote_pdf
from app.schemas.common import EmptyInput
from app.services.tenancy import today_for

QUOTE = Resource("/quotes/<quote_id>", lambda actor, quote: quote_json(quote, today_for(actor.company)))


@bp.post("/quotes")
@endpoint(body=QuoteCreate)
def create_quote(actor, body):
    return QUOTE.one(actor, quotes.create_quote(actor, body), 201)


@bp.get("/quotes")
@endpoint(reads=True, query=QuoteListParams)
def list_quotes(actor, body):
    args = request.args
    page = quotes.cursor_page(actor, quotes.QuoteFilters(status=args.get("status"), customer_id=args.get("customer_id")),
                              **cursor())
    today = today_for(actor.company)
    return listed(page, [quote_json(quote, today) for quote in page.items])


@QUOTE.retrieve()
def retrieve_quote(actor, body, quote_id):
    return quotes.get_quote(actor, quote_id)


@QUOTE.action(body=QuoteUpdate)
def update_quote(actor, body, quote_id):
    return quotes.update_quote(actor, quote_id, body)


@QUOTE.delete()
def delete_quote(actor, body, quote_id):
    return quote_lifecycle.delete_quote(actor, quote_id).id


@QUOTE.action("send")
def send_quote(actor, body, quote_id):
    return quote_lifecycle.send_quote(actor, quote_id, deliver_quote)


@QUOTE.action("accept", body=QuoteAcceptInput)
def accept_quote(actor, body, quote_id):
    return quote_lifecycle.accept_quote(actor, quote_id, body)


@QUOTE.action("decline", body=QuoteDeclineInput)
def decline_quote(actor, body, quote_id):
    return quote_lifecycle.decline_quote(actor, quote_id, body)


@QUOTE.action("cancel")
def cancel_quote(actor, body, quote_id):
    return quote_lifecycle.cancel_quote(actor, quote_id)


@bp.post("/quotes/<quote_id>/convert")
@endpoint(body=EmptyInput)
def convert_quote(actor, body, quote_id):
    invoice = quote_lifecycle.convert_quote(actor, quote_id)
    return INVOICE.one(actor, invoice, 201)


@bp.get("/quotes/<quote_id>/pdf")
@endpoint(reads=True)
def download_quote_pdf(actor, body, quote_id):
    return pdf_download(quotes.get_quote(actor, quote_id), quote_pdf)
