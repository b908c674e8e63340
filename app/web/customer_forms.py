"""Customer form: shape only; the customer service holds the rules."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField

from app.web import choices

TEXT = ("name", "contact_email", "contact_phone", "city", "zipcode", "legal_name", "legal_address",
        "legal_vat", "notes")


class CustomerForm(FlaskForm):
    name = StringField("Name")
    contact_email = EmailField("Billing email")
    contact_phone = StringField("Phone")
    country = SelectField("Country", validate_choice=False)
    currency = SelectField("Currency", validate_choice=False)
    city = StringField("City")
    zipcode = StringField("Postal code")
    legal_name = StringField("Legal name")
    legal_address = TextAreaField("Legal address")
    legal_vat = StringField("VAT / tax number")
    status = SelectField("Status", choices=choices.as_choices([("active", "Active"), ("inactive", "Inactive")]),
                         validate_choice=False)
    notes = TextAreaField("Notes")
    send_reminders = BooleanField("Send automatic payment reminders")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", "Choose a country…"), *choices.countries()]
        self.country.choices = choices.as_choices(choices.with_current(countries, self.country.data))
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))

    def service_data(self, creating: bool) -> dict:
        data = {field: (getattr(self, field).data or "") for field in TEXT}
        data["country"] = self.country.data or ""
        data["status"] = self.status.data or "active"
        data["send_reminders"] = bool(self.send_reminders.data)
        if self.currency.data or not creating:
            data["currency"] = self.currency.data or ""
        return data
