"""Recurring invoices: list, editor (the shared document editor and the schedule), detail
with the invoices issued and the next five dates, and pause, resume, cancel, delete."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app import limits
from app.invoices import service as invoices
from app.models import RecurringInvoice
from app.recurring import service as recurring
from app.recurring.forms import RecurringForm, form_data_of
from app.recurring.states import actions_for
from app.services import tenancy, transaction
from app.services.errors import InvalidTransition, ServiceError, ValidationError
from app.services.pagination import page_by_number
from app.web import filters as filters_ui
from app.web.document_actions import DocumentActions
from app.web.document_editor import customer_choices, editor_currency, rate_choices
from app.web.document_forms import apply_row_action
from app.web.helpers import failed, member_required, page_number, put_errors, refused
from app.web.settings_forms import ConfirmForm

bp = Blueprint("recurring", __name__, url_prefix="/recurring")
ACTIONS = DocumentActions("recurring", "recurring")
BUTTONS = {"pause": (recurring.pause, "Paused: nothing is issued until you resume it."),
           "resume": (recurring.resume, "Resumed: the next invoice is issued on its date."),
           "cancel": (recurring.cancel, "Cancelled: no more invoices will be issued."),
           "delete": (recurring.delete, "Recurring invoice deleted.")}  # then to the list


@bp.get("")
@member_required
def index(actor):
    status = request.args.get("status") or None
    try:
        query = recurring.list_query(actor, status)
    except ValidationError:
        status, query = None, recurring.list_query(actor)
    page = page_by_number(query.order_by(RecurringInvoice.pk.desc()), page_number())
    return render_template("recurring/index.html", page=page, status=status, next_issue=recurring.next_issue,
                           status_options=filters_ui.options(((option, option.capitalize())
                                                              for option in recurring.RECURRING_STATUSES), status))


def _preview(actor, form: RecurringForm):
    """The editor's totals (none while the amounts are not valid) and the form row of each item."""
    data = {}
    rows = form.pricing_data(data, actor.company.locale)
    try:
        return invoices.preview_totals(actor, data), rows
    except ValidationError:
        return None, rows


def _editor(actor, form: RecurringForm, found=None):
    action = request.form.get("row_action")
    if request.method == "POST" and action and form.validate():
        data = apply_row_action(form, action)
        if data is not None:
            form = RecurringForm(formdata=None, data=data)
    elif form.validate_on_submit():
        data, rows = form.service_data(actor.company.locale, schedule=found is None or not found.issued_count)
        try:
            with transaction():
                saved = (recurring.create_recurring(actor, data) if found is None
                         else recurring.update_recurring(actor, found.id, data))
        except ValidationError as error:
            put_errors(form, error, item_rows=rows)
        except InvalidTransition as error:
            refused(error, "This recurring invoice can no longer be edited.")
            return redirect(url_for("recurring.show", recurring_id=found.id))
        else:
            flash("Recurring invoice saved." if found is None else "Changes saved.", "success")
            return redirect(url_for("recurring.show", recurring_id=saved.id))
    picker = customer_choices(actor, found)
    form.set_choices(picker, *rate_choices(actor, form))
    totals, rows = _preview(actor, form)
    currency = editor_currency(actor, form, picker)
    status = 400 if request.method == "POST" and failed(form) else 200
    return render_template("recurring/form.html", form=form, recurring=found, totals=totals, rows=rows,
                           currency=currency, problem={}, periods_back=limits.RECURRING_PERIODS_BACK), status


@bp.route("/new", methods=["GET", "POST"])
@member_required
def new(actor):
    initial = {"customer_id": request.args.get("customer") or "", "interval": "month", "interval_count": "1",
               "due_days": str(recurring.DEFAULT_DUE_DAYS)}
    form = RecurringForm(data=initial) if request.method == "GET" else RecurringForm()
    return _editor(actor, form)


@bp.route("/<recurring_id>/edit", methods=["GET", "POST"])
@member_required
def edit(actor, recurring_id):
    found = recurring.get_recurring(actor, recurring_id)
    if "edit" not in actions_for(actor, found):
        flash(f"This recurring invoice is {found.status}; it can no longer be edited.", "error")
        return redirect(url_for("recurring.show", recurring_id=found.id))
    form = (RecurringForm(data=form_data_of(found, actor.company.locale)) if request.method == "GET"
            else RecurringForm())
    return _editor(actor, form, found)


@bp.get("/<recurring_id>")
@member_required
def show(actor, recurring_id):
    found = recurring.get_recurring(actor, recurring_id)
    upcoming = recurring.upcoming_dates(found)
    actions = actions_for(actor, found)
    return render_template("recurring/show.html", recurring=found, actions=actions,
                           upcoming=upcoming, next_issue=recurring.next_issue(found), paused="resume" in actions,
                           issued=recurring.issued_invoices(found), form=ConfirmForm())


def _act(actor, recurring_id, action):
    found = tenancy.get(RecurringInvoice, actor.company, recurring_id)
    run, said = BUTTONS[action]
    return ACTIONS.button(found, lambda: run(actor, found.id), refuse=ServiceError,
                          refused_message="That is not possible now.", success=lambda _: said,
                          then=(lambda _: url_for("recurring.index")) if action == "delete" else None)


def _button(action: str):
    @member_required
    def view(actor, recurring_id):
        return _act(actor, recurring_id, action)
    return view


for _action in BUTTONS:  # one route per button: /recurring/<id>/pause, …
    bp.add_url_rule(f"/<recurring_id>/{_action}", _action, _button(_action), methods=["POST"])
