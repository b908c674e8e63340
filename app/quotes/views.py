"""Quotes: list (status, customer, pages), the editor shared with invoices (live totals),
notes and terms after draft, detail with the actions the life-cycle table allows."""
from flask import Blueprint, render_template, request

from app.i18n import _, _l
from app.links import public_quote_url
from app.presentation import status_label
from app.quotes import service as quotes
from app.quotes.actions import ACTIONS
from app.quotes.forms import QuoteForm, form_data_of
from app.quotes.states import QUOTE, actions_for, effective_status
from app.services import activity, customers
from app.services.errors import ValidationError
from app.services.tenancy import today_for
from app.web import filters as filters_ui
from app.web.document_pages import DocumentEditor
from app.web.helpers import member_required, page_number
from app.web.settings_forms import ConfirmForm

bp = Blueprint("quotes", __name__, url_prefix="/quotes")


@bp.get("")
@member_required
def index(actor):
    status = request.args.get("status") or None
    filters = quotes.QuoteFilters(status=status if status in quotes.STATUS_FILTERS else None,
                                  customer_id=request.args.get("customer") or None)
    try:
        page = quotes.page_of_quotes(actor, filters, page_number())
    except ValidationError:  # a customer of the address that is not one: the whole list
        filters = quotes.QuoteFilters(status=filters.status)
        page = quotes.page_of_quotes(actor, filters, page_number())
    return render_template("quotes/index.html", page=page, filters=filters,
                           status_options=filters_ui.options(((status, status_label(status))
                                                              for status in quotes.STATUS_FILTERS), filters.status),
                           customer_options=filters_ui.customer_options(customers.picker(actor, limit=500),
                                                                        filters.customer_id),
                           today=today_for(actor.company))


EDITOR = DocumentEditor(QuoteForm, "quotes/form.html", ACTIONS, create=quotes.create_quote, update=quotes.update_quote,
                        preview_totals=quotes.preview_totals, form_data=form_data_of,
                        created=lambda saved: _("Quote %(number)s saved as a draft.", number=saved.number),
                        not_editable=_l("This quote can no longer be edited."),
                        texts_template="quotes/notes.html")  # after draft: only notes and terms
EDITOR.add_routes(bp, editable=lambda actor, quote: "edit_details" in actions_for(actor, quote))


@bp.get("/<quote_id>")
@member_required
def show(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    today = today_for(actor.company)
    return render_template("quotes/show.html", quote=quote, shown=effective_status(quote, today),
                           timeline=activity.subject_timeline(actor, quote),
                           public_link=public_quote_url(quote.public_token) if QUOTE.permits("view", quote, today)
                           else None,
                           form=ConfirmForm())
