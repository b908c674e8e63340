"""Settings → Taxes form (shape only; the tax rate service checks the values)."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app import limits
from app.i18n import _l
from app.services.tax_rates import CATEGORY_NAMES
from app.web import choices, numbers


class TaxRateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=limits.TAX_RATE_NAME)])
    percentage = StringField(_l("Percentage"), validators=[Length(max=limits.FORM_WORD)])
    category = SelectField(_l("Category"), validate_choice=False)
    exemption_reason = TextAreaField(_l("Exemption reason"), validators=[Length(max=limits.TAX_EXEMPTION_REASON)])
    account = StringField(_l("Revenue account"), validators=[Length(max=limits.ACCOUNT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worded per request: the category names are in the reader's language.
        self.category.choices = choices.as_choices(
            [(code, f"{code} — {label}") for code, label in CATEGORY_NAMES.items()])

    def service_data(self, locale: str) -> dict:
        """The rate, its percentage read as the company writes numbers ("7,5" in de_DE)."""
        data = {field: getattr(self, field).data or "" for field in ("name", "category", "exemption_reason", "account")}
        return {**data, "percentage": numbers.read(self.percentage.data, locale)}
