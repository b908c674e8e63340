"""Reminders in the dashboard: Settings → Reminders (the company's steps) and, on an invoice's
page, stopping or resuming its automatic reminders."""
import re

from flask import Blueprint, flash, redirect, render_template, url_for

from app.extensions import db
from app.i18n import _, _l
from app.invoices import service as invoices
from app.services import reminders, transaction
from app.services.errors import InvalidTransition, ValidationError
from app.web.helpers import button_posted, failed, member_required, refused
from app.web.reminder_forms import ReminderSettingsForm, ReminderToggleForm

bp = Blueprint("reminders", __name__)
STEP_ERROR = re.compile(r"^reminder_steps\.(\d+)\.(\w+)$")


@bp.app_context_processor
def _reminder_state():
    return {"reminder_state": reminders.state_of, "reminder_toggle": _toggle}


TOGGLES = {"stop": (_l("Stop reminders"), "1"), "resume": (_l("Resume reminders"), "0")}


def _toggle(invoice) -> tuple[str, str] | None:
    """The reminders button of an invoice's page: its label and the ``excluded`` it posts."""
    action = reminders.toggle_of(invoice)
    return TOGGLES[action] if action else None


def _put_step_errors(form: ReminderSettingsForm, error: ValidationError, rows: list[int]) -> None:
    general = []
    for field, message in error.errors.items():
        match = STEP_ERROR.match(field)
        target = None
        if match and int(match.group(1)) < len(rows):
            target = getattr(form.steps.entries[rows[int(match.group(1))]].form, match.group(2), None)
        elif field == "reminders_enabled":
            target = form.reminders_enabled
        if target is not None:
            target.errors = list(target.errors) + [message]
        else:
            general.append(message)
    form.general_errors = general


@bp.route("/settings/reminders", methods=["GET", "POST"])
@member_required
def settings(actor):
    company = actor.company
    saved = ReminderSettingsForm.of(reminders.settings_of(company))
    if not actor.may("change_reminders"):
        if saved.is_submitted():
            flash(_("Not allowed: only an admin of this company may change its settings. Nothing was changed."),
                  "error")
        return _page(saved, read_only=True)
    form = ReminderSettingsForm()
    if not form.is_submitted():
        return _page(saved)
    if form.validate_on_submit():
        data, rows = form.service_data()
        try:
            with transaction():
                reminders.update_settings(actor, data)
        except ValidationError as error:
            db.session.refresh(company)
            _put_step_errors(form, error, rows)
        else:
            flash(_("Reminder settings saved.") if data["reminders_enabled"]
                  else _("Reminder settings saved; reminders are off."), "success")
            return redirect(url_for("reminders.settings"))
    return _page(form)


def _page(form: ReminderSettingsForm, read_only: bool = False):
    return render_template("settings/reminders.html", form=form, read_only=read_only,
                           late_limit=reminders.LATE_LIMIT_DAYS), 400 if failed(form) else 200


@bp.post("/invoices/<invoice_id>/reminders")
@member_required
def toggle(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    form = ReminderToggleForm()
    if button_posted(form):
        excluded = form.excluded.data == "1"
        try:
            with transaction():
                reminders.set_excluded(actor, invoice.id, excluded)
        except (InvalidTransition, ValidationError) as error:
            refused(error, _("Reminders for this invoice cannot change."))
        else:
            flash(_("Automatic reminders stopped for this invoice.") if excluded
                  else _("Automatic reminders resumed for this invoice."), "success")
    return redirect(url_for("invoices.show", invoice_id=invoice.id))
