"""The "Issue credit note" form (shape only; the credit note service holds the rules): by
amount, or by lines that each carry the rates of one of the invoice's items."""
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField

from app.i18n import _l
from app.web import numbers
from app.web.choices import as_choices

LINE_ROWS = 3
NOTHING_GIVEN = _l("Enter an amount or choose lines.")


class CreditLineForm(Form):
    description = StringField(_l("Description"))
    quantity = StringField(_l("Quantity"))
    unit_price = StringField(_l("Unit price"))
    rates = SelectField(_l("Tax rates"), validate_choice=False)


class CreditNoteForm(FlaskForm):
    mode = RadioField(_l("Credit"), choices=as_choices([("amount", _l("An amount (split over the invoice's tax rates)")),
                                                    ("lines", _l("Lines"))]), default="amount", validate_choice=False)
    amount = StringField(_l("Amount, tax included"))
    # Named ``items`` so the service's ``lines[N].field`` errors land beside their row.
    items = FieldList(FormField(CreditLineForm), min_entries=LINE_ROWS, max_entries=100)
    reason = TextAreaField(_l("Reason"))
    memo = TextAreaField(_l("Memo (shown on the credit note)"))

    def validate(self, extra_validators=None) -> bool:
        """Also: the amount, or at least one line, is given (said in the form's words; the API
        says "Give 'amount' or 'lines'.")."""
        valid = super().validate(extra_validators)
        if self.mode.data == "lines":
            given = any((entry.form[name].data or "").strip() for entry in self.items.entries
                        for name in ("description", "quantity", "unit_price"))
        else:
            given = bool((self.amount.data or "").strip())
        if not given:
            self.amount.errors = list(self.amount.errors) + [str(NOTHING_GIVEN)]
        return valid and given

    def set_rate_choices(self, groups: list[tuple[str, str]]) -> None:
        for entry in self.items.entries:
            entry.form.rates.choices = as_choices(groups)

    def service_data(self, invoice_id: str, locale: str) -> tuple[dict, list[int]]:
        """The service's input and, for lines, the form row each line came from."""
        data = {"invoice_id": invoice_id, "reason": self.reason.data or "", "memo": self.memo.data or ""}
        if self.mode.data != "lines":
            data["amount"] = numbers.read(self.amount.data, locale)
            return data, []
        lines, rows = [], []
        for row, entry in enumerate(self.items.entries):
            form = entry.form
            values = [(form[name].data or "").strip() for name in ("description", "quantity", "unit_price")]
            if not any(values):
                continue
            line = {"description": values[0], "unit_price": numbers.read(values[2], locale)}
            if values[1]:
                line["quantity"] = numbers.read(values[1], locale)
            if form.rates.data:
                line["tax_rates"] = form.rates.data.split(",")
            lines.append(line)
            rows.append(row)
        data["lines"] = lines
        return data, rows
