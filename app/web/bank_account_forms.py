"""Settings → Payments forms (shape only; the bank account service and the company settings
check the values)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from app import limits, payment_references
from app.i18n import _l
from app.services.bank_accounts import typed_length
from app.web import choices

TEXTS = ("label", "account_holder", "iban", "bic", "account_number", "routing_number", "sort_code")


class BankAccountForm(FlaskForm):
    label = StringField(_l("Label"), validators=[Length(max=limits.BANK_ACCOUNT_LABEL)])
    account_holder = StringField(_l("Account holder"), validators=[Length(max=limits.ACCOUNT_HOLDER)])
    currency = SelectField(_l("Currency"), validate_choice=False)
    iban = StringField("IBAN", validators=[Length(max=typed_length(limits.IBAN))])
    bic = StringField("BIC", validators=[Length(max=typed_length(limits.BIC))])
    account_number = StringField(_l("Account number"), validators=[Length(max=typed_length(limits.ACCOUNT_NUMBER))])
    routing_number = StringField(_l("Routing number (US)"), validators=[Length(max=typed_length(limits.ROUTING_NUMBER))])
    sort_code = StringField(_l("Sort code (GB)"), validators=[Length(max=typed_length(limits.SORT_CODE))])
    is_default = BooleanField(_l("The default account for its currency"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))

    def service_data(self, *, creating: bool) -> dict:
        """Every number as typed (a blank one clears it); the default only when adding (an
        account is made the default with its own button)."""
        data = {field: getattr(self, field).data or "" for field in TEXTS}
        data["currency"] = self.currency.data or ""
        if creating:
            data["is_default"] = bool(self.is_default.data)
        return data


class PaymentReferenceForm(FlaskForm):
    payment_reference_format = SelectField(_l("Payment reference"), validate_choice=False, choices=choices.as_choices(
        [(value, payment_references.LABELS[value]) for value in payment_references.FORMATS]))
