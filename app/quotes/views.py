"""Quotes: list (status, customer, pages), the editor shared with invoices (live totals),
notes and terms after draft, detail with the actions the life-cycle table allows."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.links import public_quote_url
from app.presentation import status_label
from app.quotes import service as quotes
from app.quotes.actions import ACTIONS
from app.quotes.forms import QuoteForm, form_data_of
from app.quotes.states import QUOTE, actions_for, effective_status
from app.services import activity, customers, transaction
from app.services.errors import InvalidTransition, ValidationError
from app.services.tenancy import today_for
from app.web import filters as filters_ui
from app.web.document_editor import customer_choices, editor_currency, live_totals, preview_of, rate_choices
from app.web.document_forms import apply_row_action
from app.web.helpers import failed, member_required, page_number, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("quotes", __name__, url_prefix="/quotes")
NOT_EDITABLE = "This quote can no longer be edited."


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


def _editor(actor, form: QuoteForm, quote=None):
    """Save the editor's form, or handle a row button, or show it; returns a response."""
    action = request.form.get("row_action")
    if request.method == "POST" and action and form.validate():
        data = apply_row_action(form, action)
        if data is not None:
            form = QuoteForm(formdata=None, data=data)
    elif form.validate_on_submit():
        data, rows = form.service_data(actor.company.locale)
        try:
            with transaction():
                saved = quotes.create_quote(actor, data) if quote is None else quotes.update_quote(actor, quote.id, data)
        except ValidationError as error:
            put_errors(form, error, item_rows=rows)
        except InvalidTransition as error:
            refused(error, NOT_EDITABLE)
            return redirect(url_for("quotes.show", quote_id=quote.id))
        else:
            flash(f"Quote {saved.number} saved as a draft." if quote is None else "Changes saved.", "success")
            return redirect(url_for("quotes.show", quote_id=saved.id))
    choices = customer_choices(actor, quote)
    form.set_choices(choices, *rate_choices(actor, form))
    totals, rows, problem = preview_of(actor, form, quotes.preview_totals)
    status = 400 if request.method == "POST" and failed(form) else 200
    return render_template("quotes/form.html", form=form, quote=quote, totals=totals, rows=rows,
                           currency=editor_currency(actor, form, choices), problem=problem), status


@bp.route("/new", methods=["GET", "POST"])
@member_required
def new(actor):
    form = QuoteForm(data={"customer_id": request.args.get("customer") or ""}) if request.method == "GET" else QuoteForm()
    return _editor(actor, form)


@bp.route("/<quote_id>/edit", methods=["GET", "POST"])
@member_required
def edit(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    form = QuoteForm(data=form_data_of(quote, actor.company.locale)) if request.method == "GET" else QuoteForm()
    if "edit_details" in actions_for(actor, quote):
        return _editor(actor, form, quote)
    return ACTIONS.form_page(  # after draft: only notes and terms
        quote, form,
        lambda: quotes.update_quote(actor, quote.id, form.service_data(actor.company.locale, draft_fields=False)[0]),
        template="quotes/notes.html", refused_message=NOT_EDITABLE, success=lambda _: "Changes saved.")


@bp.post("/preview")
@member_required
def preview(actor):
    """The editor's live totals, computed by the server's money module."""
    return live_totals(actor, QuoteForm(), quotes.preview_totals)


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
