"""Settings forms: company profile, members, API keys (shape only)."""
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from app.web import choices

COMPANY_FIELDS = ("name", "legal_name", "address", "vat_id", "email", "invoice_prefix", "currency",
                  "timezone", "locale")


class CompanyForm(FlaskForm):
    name = StringField("Company name", validators=[Length(max=200)])
    email = EmailField("Billing email", validators=[Length(max=254)])
    legal_name = StringField("Legal name", validators=[Length(max=200)])
    address = TextAreaField("Address", validators=[Length(max=2000)])
    vat_id = StringField("VAT / tax number", validators=[Length(max=64)])
    invoice_prefix = StringField("Invoice number prefix", validators=[Length(max=16)])
    currency = SelectField("Currency", validate_choice=False)
    timezone = SelectField("Timezone", validate_choice=False)
    locale = SelectField("Language and number format", validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))
        self.timezone.choices = choices.as_choices(choices.with_current(choices.timezones(), self.timezone.data))
        self.locale.choices = choices.as_choices(choices.with_current(choices.locales(), self.locale.data))

    def service_data(self) -> dict:
        return {field: getattr(self, field).data or "" for field in COMPANY_FIELDS}


class MemberForm(FlaskForm):
    email = EmailField("Email of their Corebill account", validators=[Length(max=254)])
    role = SelectField("Role", choices=choices.as_choices([("member", "Member"), ("admin", "Admin")]), validate_choice=False)


class ApiKeyForm(FlaskForm):
    name = StringField("Key name", validators=[Length(max=100)])


class ConfirmForm(FlaskForm):
    """An action button: only the CSRF token."""
