"""Reminder forms: shape only; app/services/reminders.py holds the rules.

The steps are a fixed number of rows (``steps-N-days|subject|message``): the saved steps plus
empty rows to add more, so the page needs no script. A row left empty is not a step;
clearing a row's days removes its step."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from app import limits
from app.i18n import _l
from app.services import reminders

STEP_FIELDS = ("days", "subject", "message")
EMPTY_ROWS = 2


class StepForm(Form):
    days = StringField(_l("Days from the due date"), validators=[Length(max=limits.REMINDER_DAYS_TEXT)])
    subject = StringField(_l("Subject"), validators=[Length(max=limits.REMINDER_SUBJECT)])
    message = TextAreaField(_l("Message"), validators=[Length(max=limits.REMINDER_MESSAGE)])


class ReminderSettingsForm(FlaskForm):
    reminders_enabled = BooleanField(_l("Send payment reminders automatically"))
    steps = FieldList(FormField(StepForm), max_entries=reminders.MAX_STEPS)

    @classmethod
    def of(cls, settings: dict) -> "ReminderSettingsForm":
        """The form for the saved setting, with empty rows to add steps."""
        steps = list(settings["reminder_steps"])
        rows = min(reminders.MAX_STEPS, max(len(steps) + EMPTY_ROWS, 3))
        steps += [{"days": None, "subject": None, "message": None}] * (rows - len(steps))
        return cls(formdata=None, data={"reminders_enabled": settings["reminders_enabled"], "steps": steps})

    def service_data(self) -> tuple[dict, list[int]]:
        """The filled rows as service steps, and the form row each came from."""
        steps, rows = [], []
        for row, entry in enumerate(self.steps.entries):
            values = {name: (entry.form[name].data or "").strip() for name in STEP_FIELDS}
            if not any(values.values()):
                continue
            steps.append(values)
            rows.append(row)
        return {"reminders_enabled": bool(self.reminders_enabled.data), "reminder_steps": steps}, rows


class ReminderToggleForm(FlaskForm):
    """Stop or resume automatic reminders for one invoice."""
    excluded = HiddenField()
