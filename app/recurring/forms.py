"""The recurring invoice editor: the shared document editor (customer, pricing, items,
notes) plus the schedule. Shape only; the recurring service holds the rules."""
from wtforms import BooleanField, SelectField, StringField

from app.i18n import _l
from app.models import INTERVALS
from app.web import choices
from app.web.document_forms import DocumentForm, document_form_data

SCHEDULE_FIELDS = ("interval", "interval_count", "start_date", "end_date", "count", "due_days")
INTERVAL_LABELS = {"day": _l("Days"), "week": _l("Weeks"), "month": _l("Months"), "year": _l("Years")}


class RecurringForm(DocumentForm):
    payment_terms = StringField(_l("Payment terms"))
    interval = SelectField(_l("Every"), validate_choice=False,
                           choices=choices.as_choices([(value, INTERVAL_LABELS[value]) for value in INTERVALS]))
    interval_count = StringField(_l("Number of intervals"))
    start_date = StringField(_l("First issue date"))
    end_date = StringField(_l("Last issue date"))
    count = StringField(_l("Number of invoices"))
    due_days = StringField(_l("Days until due"))
    auto_send = BooleanField(_l("Email each invoice when it is issued"))

    def service_data(self, locale: str, *, schedule: bool = True) -> tuple[dict, list[int]]:
        data = {"notes": self.notes.data or "", "payment_terms": self.payment_terms.data or "",
                "auto_send": bool(self.auto_send.data)}
        for field in SCHEDULE_FIELDS:
            value = (getattr(self, field).data or "").strip()
            if schedule or field not in ("interval", "interval_count", "start_date"):
                data[field] = value or None
        rows = self.pricing_data(data, locale)
        return data, rows


def form_data_of(recurring, locale: str) -> dict:
    return {**document_form_data(recurring, locale), "payment_terms": recurring.payment_terms or "",
            "interval": recurring.interval, "interval_count": str(recurring.interval_count),
            "start_date": recurring.start_date.isoformat(),
            "end_date": recurring.end_date.isoformat() if recurring.end_date else "",
            "count": str(recurring.count) if recurring.count else "", "due_days": str(recurring.due_days),
            "auto_send": recurring.auto_send}
