"""Customers: list (search, status, pages), create, edit, detail with invoices, delete."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.i18n import _, _l
from app.invoices import search as invoice_search
from app.invoices.search import InvoiceFilters
from app.models import CUSTOMER_STATUSES
from app.quotes import service as quotes
from app.services import customers, transaction
from app.services.errors import Forbidden, ValidationError
from app.services.pagination import page_by_number
from app.web import filters as filters_ui
from app.web.customer_forms import CustomerForm
from app.web.helpers import failed, member_required, page_number, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("customers", __name__, url_prefix="/customers")
STATUS_WORDS = {"active": _l("Active"), "inactive": _l("Inactive")}  # the status filter's words


@bp.get("")
@member_required
def index(actor):
    q = (request.args.get("q") or "").strip()[:200]
    status = request.args.get("status") or ""
    query = customers.customer_query(actor, q=q, status=status if status in CUSTOMER_STATUSES else None)
    page = page_by_number(query, page_number())
    return render_template("customers/index.html", page=page, q=q, status=status,
                           status_options=filters_ui.options(((option, str(STATUS_WORDS.get(option, option.capitalize())))
                                                              for option in CUSTOMER_STATUSES), status),
                           balances=customers.balances(actor, page.items), status_words=STATUS_WORDS)


@bp.route("/new", methods=["GET", "POST"])
@member_required
def new(actor):
    form = CustomerForm(data={"currency": actor.company.currency, "status": "active", "send_reminders": True,
                             "country": actor.company.country or ""})
    if form.validate_on_submit():
        try:
            with transaction():
                customer = customers.create_customer(actor, form.service_data(creating=True))
        except ValidationError as error:
            put_errors(form, error, aliases={"email": "contact_email", "phone": "contact_phone"})
        else:
            flash(_("Customer %(name)s was added.", name=customer.name), "success")
            return redirect(url_for("customers.show", customer_id=customer.id))
    status = 400 if failed(form) else 200
    return render_template("customers/form.html", form=form, customer=None), status


@bp.get("/<customer_id>")
@member_required
def show(actor, customer_id):
    customer = customers.get_customer(actor, customer_id)
    page = invoice_search.page_of_invoices(actor, InvoiceFilters(customer_id=customer.id), page_number())
    balances = customers.balances(actor, [customer]).get(customer.pk, [])
    return render_template("customers/show.html", customer=customer, page=page, balances=balances,
                           status_words=STATUS_WORDS,
                           quotes=quotes.of_customer(actor, customer))


@bp.route("/<customer_id>/edit", methods=["GET", "POST"])
@member_required
def edit(actor, customer_id):
    customer = customers.get_customer(actor, customer_id)
    form = CustomerForm(obj=customer)
    if form.validate_on_submit():
        try:
            with transaction():
                customers.update_customer(actor, customer.id, form.service_data(creating=False))
        except ValidationError as error:
            put_errors(form, error, aliases={"email": "contact_email", "phone": "contact_phone"})
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("customers.show", customer_id=customer.id))
    status = 400 if failed(form) else 200
    return render_template("customers/form.html", form=form, customer=customer), status


@bp.route("/<customer_id>/delete", methods=["GET", "POST"])
@member_required
def delete(actor, customer_id):
    customer = customers.get_customer(actor, customer_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                customers.delete_customer(actor, customer.id)
        except Forbidden as error:
            refused(error, _("Only an admin may delete customers."))
            return redirect(url_for("customers.show", customer_id=customer.id))
        flash(_("Customer %(name)s was deleted.", name=customer.name), "success")
        return redirect(url_for("customers.index"))
    return render_template("customers/delete.html", customer=customer, form=form)
