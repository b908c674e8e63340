"""Invoices: list (status, customer, search, pages), editor with live totals, detail."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.invoices import deleted as deleted_invoices
from app.invoices import search as invoice_search
from app.invoices import service as invoices
from app.invoices.actions import ACTIONS
from app.invoices.forms import InvoiceForm, apply_row_action, form_data_of
from app.invoices.search import STATUS_FILTERS, InvoiceFilters
from app.invoices.states import INVOICE, actions_for
from app.links import public_invoice_url
from app.models import Customer
from app.services import activity, customers, einvoices, transaction
from app.services.errors import InvalidTransition, ValidationError
from app.services.tenancy import find, today_for
from app.web import filters as filters_ui
from app.web.document_editor import customer_choices, editor_currency, live_totals, preview_of, rate_choices
from app.web.helpers import failed, member_required, page_number, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("invoices", __name__, url_prefix="/invoices")
SORT_LABELS = {"number": "Number", "customer": "Customer", "issue_date": "Issued", "due_date": "Due date",
               "status": "Status", "total": "Total"}
STATUS_FILTER_LABELS = {"open": "Open (unpaid)"}
NOT_EDITABLE = "This invoice can no longer be edited."


DATE_FILTERS = {"issued_from": "Issued from", "issued_to": "Issued until", "due_from": "Due from",
                "due_to": "Due until", "paid_from": "Paid since"}


def _days(errors: dict[str, str]) -> dict[str, date | None]:
    """The date filters of the address; one that is not a date is left out of the filters and
    said in ``errors`` (its label to the message), so the list never pretends to be filtered."""
    days = {}
    for name, label in DATE_FILTERS.items():
        raw = (request.args.get(name) or "").strip()
        try:
            days[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            days[name] = None
            errors[label] = f"'{raw[:40]}' is not a date (YYYY-MM-DD); this filter was not applied."
    return days


def _filters(errors: dict[str, str]) -> InvoiceFilters:
    args = request.args
    return InvoiceFilters(
        status=args.get("status") or None, customer_id=args.get("customer") or None,
        q=(args.get("q") or "").strip()[:invoice_search.MAX_TERM], **_days(errors),
        currency=args.get("currency") or None,
        sort=args.get("sort") or "issue_date", direction=args.get("direction") or "desc")


@bp.get("")
@member_required
def index(actor):
    errors: dict[str, str] = {}
    filters = _filters(errors)
    page = invoice_search.page_of_invoices(actor, filters, page_number())
    return render_template("invoices/index.html", page=page, filters=filters, filter_errors=errors,
                           status_options=filters_ui.options(((status, STATUS_FILTER_LABELS.get(status) or
                                                               status.replace("_", " ").capitalize())
                                                              for status in STATUS_FILTERS), filters.status),
                           customer_options=filters_ui.customer_options(customers.picker(actor, limit=500),
                                                                        filters.customer_id),
                           sorts=SORT_LABELS, today=today_for(actor.company)), 400 if errors else 200


def _editor(actor, form: InvoiceForm, invoice=None):
    """Save the editor's form, or handle a row button, or show it; returns a response."""
    action = request.form.get("row_action")
    if request.method == "POST" and action and form.validate():
        data = apply_row_action(form, action)
        if data is not None:
            form = InvoiceForm(formdata=None, data=data)
    elif form.validate_on_submit():
        data, rows = form.service_data(actor.company.locale)
        try:
            with transaction():
                if invoice is None:
                    saved = invoices.create_invoice(actor, data)
                else:
                    saved = invoices.update_invoice(actor, invoice.id, data)
        except ValidationError as error:
            put_errors(form, error, item_rows=rows)
        except InvalidTransition as error:
            refused(error, NOT_EDITABLE)
            return redirect(url_for("invoices.show", invoice_id=invoice.id))
        else:
            flash(f"Invoice {saved.invoice_number} saved as a draft." if invoice is None else "Changes saved.",
                  "success")
            return redirect(url_for("invoices.show", invoice_id=saved.id))
    choices = customer_choices(actor, invoice)
    chosen = form.customer_id.data
    if chosen and all(customer.id != chosen for customer in choices):
        # Beyond the picker's first 1000 (or inactive): keep the one chosen, e.g. from its page.
        extra = find(Customer, actor.company, chosen)
        if extra is not None:
            choices.insert(0, extra)
    form.set_choices(choices, *rate_choices(actor, form))
    totals, rows, problem = preview_of(actor, form, invoices.preview_totals)
    status = 400 if request.method == "POST" and failed(form) else 200
    return render_template("invoices/form.html", form=form, invoice=invoice, totals=totals, rows=rows,
                           currency=editor_currency(actor, form, choices), problem=problem), status


@bp.route("/new", methods=["GET", "POST"])
@member_required
def new(actor):
    initial = {"customer_id": request.args.get("customer") or ""}
    form = InvoiceForm(data=initial) if request.method == "GET" else InvoiceForm()
    return _editor(actor, form)


@bp.route("/<invoice_id>/edit", methods=["GET", "POST"])
@member_required
def edit(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    if "edit_details" not in actions_for(actor, invoice):
        return _edit_notes(actor, invoice)
    form = InvoiceForm(data=form_data_of(invoice, actor.company.locale)) if request.method == "GET" else InvoiceForm()
    return _editor(actor, form, invoice)


def _edit_notes(actor, invoice):
    """After it leaves draft only the notes and payment terms of an invoice change."""
    form = InvoiceForm(data=form_data_of(invoice, actor.company.locale)) if request.method == "GET" else InvoiceForm()
    return ACTIONS.form_page(
        invoice, form,
        lambda: invoices.update_invoice(actor, invoice.id, form.service_data(actor.company.locale, draft_fields=False)[0]),
        template="invoices/notes.html", refused_message=NOT_EDITABLE, success=lambda _: "Changes saved.")


@bp.post("/preview")
@member_required
def preview(actor):
    """The editor's live totals, computed by the server's money module."""
    return live_totals(actor, InvoiceForm(), invoices.preview_totals)


@bp.get("/deleted")
@member_required
def deleted(actor):
    """Invoices → Deleted: the number of every deleted invoice, who deleted it and when."""
    return render_template("invoices/deleted.html", page=deleted_invoices.page_of_deleted(actor, page_number()))


@bp.get("/<invoice_id>")
@member_required
def show(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    today = today_for(actor.company)
    timeline = activity.timeline(actor, invoice)
    # A draft has not been sent: its link would be a 404 for the client.
    public_link = public_invoice_url(invoice.public_token) if INVOICE.permits("view", invoice, today) else None
    return render_template("invoices/show.html", invoice=invoice, shown=invoices.effective_status(invoice, today),
                           timeline=timeline, public_link=public_link, form=ConfirmForm(),
                           einvoice=einvoices.readiness(invoice) if einvoices.formats_apply(actor.company) else None,
                           einvoice_labels=einvoices.LABELS)
