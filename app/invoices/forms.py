"""Invoice forms: shape only; the invoice service and the money module hold the rules. The
editor's customer, pricing and item rows are the shared :mod:`app.web.document_forms`."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from app.services.document_items import SUPPLY_FIELDS
from app.web import numbers
from app.web.document_forms import DocumentForm, document_form_data


class InvoiceForm(DocumentForm):
    issue_date = StringField("Issue date")
    due_date = StringField("Due date")
    payment_terms = StringField("Payment terms")
    supply_date = StringField("Supply date")
    supply_period_start = StringField("Supply period from")
    supply_period_end = StringField("Supply period to")

    def service_data(self, locale: str, *, draft_fields: bool = True) -> tuple[dict, list[int]]:
        data = {"notes": self.notes.data or "", "payment_terms": self.payment_terms.data or ""}
        if not draft_fields:
            return data, []
        data.update({"issue_date": self.issue_date.data or "", "due_date": self.due_date.data or "",
                     **{field: (getattr(self, field).data or "").strip() for field in SUPPLY_FIELDS}})
        rows = self.pricing_data(data, locale)
        return data, rows


def form_data_of(invoice, locale: str) -> dict:
    """An invoice as the editor's initial data: exact decimals, written in ``locale``."""
    return {**document_form_data(invoice, locale), "issue_date": invoice.issue_date.isoformat(),
            "due_date": invoice.due_date.isoformat(), "payment_terms": invoice.payment_terms or "",
            **{field: getattr(invoice, field).isoformat() if getattr(invoice, field) else "" for field in SUPPLY_FIELDS}}


class PaymentForm(FlaskForm):
    amount = StringField("Amount")
    paid_at = StringField("Payment date")
    payment_method = StringField("Method")
    transaction_id = StringField("Reference")
    notes = TextAreaField("Notes")

    def service_data(self, locale: str) -> dict:
        data = {field: (getattr(self, field).data or "").strip()
                for field in ("paid_at", "payment_method", "transaction_id", "notes")}
        return {"amount": numbers.read(self.amount.data, locale), **data}


class RefundForm(FlaskForm):
    amount = StringField("Amount to refund")
    reason = TextAreaField("Reason")
    payment_method = StringField("Method")

    def service_data(self, locale: str) -> dict:
        data = {field: (getattr(self, field).data or "").strip() for field in ("reason", "payment_method")}
        return {"amount": numbers.read(self.amount.data, locale), **data}


class ReviewForm(FlaskForm):
    """Put an invoice in review (the client disputes it) or back to sent; the service
    decides which moves are allowed."""
    status = HiddenField("Status", validators=[Length(max=20)])


class CancelForm(FlaskForm):
    reason = TextAreaField("Reason (optional)")
