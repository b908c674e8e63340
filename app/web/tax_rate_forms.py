"""Settings → Taxes form (shape only; the tax rate service checks the values)."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app.services.tax_rates import CATEGORY_NAMES
from app.web import choices, numbers


class TaxRateForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=100)])
    percentage = StringField("Percentage", validators=[Length(max=20)])
    category = SelectField("Category", validate_choice=False, choices=choices.as_choices(
        [(code, f"{code} — {label}") for code, label in CATEGORY_NAMES.items()]))
    exemption_reason = TextAreaField("Exemption reason", validators=[Length(max=500)])

    def service_data(self, locale: str) -> dict:
        """The rate, its percentage read as the company writes numbers ("7,5" in de_DE)."""
        data = {field: getattr(self, field).data or "" for field in ("name", "category", "exemption_reason")}
        return {**data, "percentage": numbers.read(self.percentage.data, locale)}
