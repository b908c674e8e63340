"""/v1/quotes (DESIGN §12): create, list, retrieve, update (POST), delete, and the actions
send, accept (an acceptance that came by other means), decline, cancel, convert (201 with the
new draft invoice) and pdf."""
from __future__ import annotations

from flask import request

from app.api.documents import PDF, pdf_download
from app.api.resources import Resource, cursor, listed
from app.api.serializers import quote_json
from app.invoices.api import INVOICE
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.quotes.schemas import Quote, QuoteAcceptInput, QuoteCreate, QuoteDeclineInput, QuoteListParams, QuoteUpdate
from app.rendering.mail import deliver_quote
from app.rendering.pdf import quote_pdf
from app.services.tenancy import today_for

QUOTE = Resource("/quotes/<quote_id>", lambda actor, quote: quote_json(quote, today_for(actor.company)), Quote)

create_quote = QUOTE.create("Create a draft quote; totals are computed.", body=QuoteCreate, runs=quotes.create_quote)
retrieve_quote = QUOTE.retrieve("Retrieve a quote.", runs=quotes.get_quote)
update_quote = QUOTE.action(None, "Update a quote (a draft fully; afterwards only notes and terms).",
                            body=QuoteUpdate, errors=(409,), runs=quotes.update_quote)
delete_quote = QUOTE.delete("Delete a quote (soft; admin only; not once converted); it is 404 afterwards.",
                            errors=(403, 409), runs=quote_lifecycle.delete_quote)
accept_quote = QUOTE.action("accept", "Record an acceptance that came by other means (sent, viewed or expired quotes).",
                            body=QuoteAcceptInput, errors=(409,), runs=quote_lifecycle.accept_quote)
decline_quote = QUOTE.action("decline", "Record that the client declined (sent, viewed or expired quotes).",
                             body=QuoteDeclineInput, errors=(409,), runs=quote_lifecycle.decline_quote)
cancel_quote = QUOTE.action("cancel", "Cancel the quote.", errors=(409,), runs=quote_lifecycle.cancel_quote)
convert_quote = QUOTE.action("convert", "Convert the quote into a draft invoice (once; from accepted, sent, viewed or "
                                        "expired).", errors=(409,), answers=INVOICE, runs=quote_lifecycle.convert_quote)


@QUOTE.listing("List quotes, newest first.", query=QuoteListParams)
def list_quotes(actor, body):
    args = request.args
    page = quotes.cursor_page(actor, quotes.QuoteFilters(status=args.get("status"), customer_id=args.get("customer_id")),
                              **cursor())
    today = today_for(actor.company)
    return listed(page, [quote_json(quote, today) for quote in page.items])


@QUOTE.action("send", "Email the quote with its PDF and public link (a draft becomes sent; later sends remind).",
              errors=(409, 502))
def send_quote(actor, body, quote_id):
    return quote_lifecycle.send_quote(actor, quote_id, deliver_quote)


@QUOTE.download("pdf", "The quote as a PDF document.", PDF, errors=(503,))
def download_quote_pdf(actor, body, quote_id):
    return pdf_download(quotes.get_quote(actor, quote_id), quote_pdf)
