"""Invoices: list (status, customer, search, pages), editor with live totals, detail."""
from datetime import date

from flask import Blueprint, render_template, request

from app.i18n import _, _l
from app.invoices import deleted as deleted_invoices
from app.invoices import search as invoice_search
from app.invoices import service as invoices
from app.invoices.actions import ACTIONS
from app.invoices.forms import InvoiceForm, form_data_of
from app.invoices.search import STATUS_FILTERS, InvoiceFilters
from app.invoices.states import INVOICE, actions_for
from app.links import public_invoice_url
from app.models import BankAccount, Customer
from app.presentation import status_label
from app.services import activity, bank_accounts, customers, einvoices
from app.services.tenancy import find, today_for
from app.web import filters as filters_ui
from app.web.document_editor import customer_choices, editor_currency
from app.web.document_pages import DocumentEditor
from app.web.helpers import member_required, page_number
from app.web.settings_forms import ConfirmForm

bp = Blueprint("invoices", __name__, url_prefix="/invoices")
SORT_LABELS = {"number": _l("Number"), "customer": _l("Customer"), "issue_date": _l("Issued"),
               "due_date": _l("Due date"), "status": _l("Status"), "total": _l("Total")}
STATUS_FILTER_LABELS = {"open": _l("Open (unpaid)")}


DATE_FILTERS = {"issued_from": _l("Issued from"), "issued_to": _l("Issued until"), "due_from": _l("Due from"),
                "due_to": _l("Due until"), "paid_from": _l("Paid since")}


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
            errors[str(label)] = _("'%(value)s' is not a date (YYYY-MM-DD); this filter was not applied.",
                                   value=raw[:40])
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
                                                               status_label(status))
                                                              for status in STATUS_FILTERS), filters.status),
                           customer_options=filters_ui.customer_options(customers.picker(actor, limit=500),
                                                                        filters.customer_id),
                           sorts=SORT_LABELS, today=today_for(actor.company)), 400 if errors else 200


class InvoiceEditor(DocumentEditor):
    def choices(self, actor, form, document) -> list:
        choices = customer_choices(actor, document)
        chosen = form.customer_id.data
        if chosen and all(customer.id != chosen for customer in choices):
            # Beyond the picker's first 1000 (or inactive): keep the one chosen, e.g. from its page.
            extra = find(Customer, actor.company, chosen)
            if extra is not None:
                choices.insert(0, extra)
        form.set_accounts(bank_accounts.of_currency(actor, editor_currency(actor, form, choices)),
                          find(BankAccount, actor.company, form.bank_account_id.data))
        return choices


EDITOR = InvoiceEditor(InvoiceForm, "invoices/form.html", ACTIONS, create=invoices.create_invoice,
                       update=invoices.update_invoice, preview_totals=invoices.preview_totals, form_data=form_data_of,
                       created=lambda saved: _("Invoice %(number)s saved as a draft.", number=saved.invoice_number),
                       not_editable=_l("This invoice can no longer be edited."),
                       texts_template="invoices/notes.html")  # after draft: the notes and payment terms
EDITOR.add_routes(bp, editable=lambda actor, invoice: "edit_details" in actions_for(actor, invoice))


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
