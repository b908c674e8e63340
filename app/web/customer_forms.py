"""Customer form: shape only; the customer service holds the rules."""
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField

from app.schemas import limits
from app.web import choices
from app.web.lengths import at_most

TEXT = ("name", "contact_email", "contact_phone", "city", "zipcode", "legal_name", "legal_address",
        "legal_vat", "notes")


class CustomerForm(FlaskForm):
    name = StringField("Name", validators=[at_most(limits.CUSTOMER_NAME)])
    contact_email = EmailField("Billing email", validators=[at_most(limits.EMAIL)])
    contact_phone = StringField("Phone", validators=[at_most(limits.PHONE)])
    country = SelectField("Country", validate_choice=False)
    currency = SelectField("Currency", validate_choice=False)
    city = StringField("City", validators=[at_most(limits.CITY)])
    zipcode = StringField("Postal code", validators=[at_most(limits.ZIPCODE)])
    legal_name = StringField("Legal name", validators=[at_most(limits.LEGAL_NAME)])
    legal_address = TextAreaField("Legal address", validators=[at_most(limits.LEGAL_ADDRESS)])
    legal_vat = StringField("VAT / tax number", validators=[at_most(limits.LEGAL_VAT)])
    status = SelectField("Status", choices=choices.as_choices([("active", "Active"), ("inactive", "Inactive")]),
                         validate_choice=False)
    notes = TextAreaField("Notes", validators=[at_most(limits.NOTES)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "Choose a country…"), *choices.countries()]
        self.country.choices = choices.as_choices(choices.with_current(countries, self.country.data))
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))

    def service_data(self, creating: bool) -> dict:
        data = {field: (getattr(self, field).data or "") for field in TEXT}
        data["country"] = self.country.data or ""
        data["status"] = self.status.data or "active"
        if self.currency.data or not creating:
            data["currency"] = self.currency.data or ""
        return data
