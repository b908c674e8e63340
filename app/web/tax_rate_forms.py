"""Settings → Taxes form (shape only; the tax rate service checks the values)."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app import limits
from app.services.tax_rates import CATEGORY_NAMES
from app.web import choices, numbers


class TaxRateForm(FlaskForm):
    name = StringField("Name", validators=[Length(max=limits.TAX_RATE_NAME)])
    percentage = StringField("Percentage", validators=[Length(max=limits.FORM_WORD)])
    category = SelectField("Category", validate_choice=False, choices=choices.as_choices(
        [(code, f"{code} — {label}") for code, label in CATEGORY_NAMES.items()]))
    exemption_reason = TextAreaField("Exemption reason", validators=[Length(max=limits.TAX_EXEMPTION_REASON)])

    def service_data(self, locale: str) -> dict:
        """The rate, its percentage read as the company writes numbers ("7,5" in de_DE)."""
        data = {field: getattr(self, field).data or "" for field in ("name", "category", "exemption_reason")}
        return {**data, "percentage": numbers.read(self.percentage.data, locale)}
