"""Recurring invoices: list, editor (the shared document editor and the schedule), detail
with the invoices issued and the next five dates, and pause, resume, cancel, delete."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app import limits
from app.i18n import _, _l
from app.invoices import service as invoices
from app.models import RecurringInvoice
from app.presentation import status_label
from app.recurring import service as recurring
from app.recurring.forms import RecurringForm, form_data_of
from app.recurring.states import actions_for
from app.services import tenancy
from app.services.errors import ServiceError, ValidationError
from app.services.pagination import page_by_number
from app.web import filters as filters_ui
from app.web.document_actions import DocumentActions
from app.web.document_pages import DocumentEditor
from app.web.helpers import member_required, page_number
from app.web.settings_forms import ConfirmForm

bp = Blueprint("recurring", __name__, url_prefix="/recurring")
ACTIONS = DocumentActions("recurring", "recurring")
BUTTONS = {"pause": (recurring.pause, _l("Paused: nothing is issued until you resume it.")),
           "resume": (recurring.resume, _l("Resumed: the next invoice is issued on its date.")),
           "cancel": (recurring.cancel, _l("Cancelled: no more invoices will be issued.")),
           "delete": (recurring.delete, _l("Recurring invoice deleted."))}  # then to the list


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
                           status_options=filters_ui.options(((option, status_label(option).capitalize())
                                                              for option in recurring.RECURRING_STATUSES), status))


class RecurringEditor(DocumentEditor):
    def service_data(self, actor, form, document) -> tuple[dict, list[int]]:
        """The schedule's start changes only until the first invoice is issued."""
        return form.service_data(actor.company.locale, schedule=document is None or not document.issued_count)

    def preview(self, actor, form):
        """The totals (none while the amounts are not valid) and the form row of each item."""
        data = {}
        rows = form.pricing_data(data, actor.company.locale)
        try:
            return self.preview_totals(actor, data), rows, {}
        except ValidationError:
            return None, rows, {}


EDITOR = RecurringEditor(RecurringForm, "recurring/form.html", ACTIONS, create=recurring.create_recurring,
                         update=recurring.update_recurring, preview_totals=invoices.preview_totals,
                         form_data=form_data_of, created=lambda _saved: _("Recurring invoice saved."),
                         not_editable=_l("This recurring invoice can no longer be edited."),
                         context={"periods_back": limits.RECURRING_PERIODS_BACK})
EDITOR.add_routes(bp, initial={"interval": "month", "interval_count": "1", "due_days": str(recurring.DEFAULT_DUE_DAYS)},
                  live=False)


@bp.route("/<recurring_id>/edit", methods=["GET", "POST"])
@member_required
def edit(actor, recurring_id):
    found = recurring.get_recurring(actor, recurring_id)
    if "edit" not in actions_for(actor, found):
        flash(_("This recurring invoice is %(status)s; it can no longer be edited.", status=found.status), "error")
        return redirect(url_for("recurring.show", recurring_id=found.id))
    return EDITOR.edit_page(actor, found)


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
                          refused_message=_("That is not possible now."), success=lambda _done: str(said),
                          then=(lambda _done: url_for("recurring.index")) if action == "delete" else None)


def _button(action: str):
    @member_required
    def view(actor, recurring_id):
        return _act(actor, recurring_id, action)
    return view


for _action in BUTTONS:  # one route per button: /recurring/<id>/pause, …
    bp.add_url_rule(f"/<recurring_id>/{_action}", _action, _button(_action), methods=["POST"])
