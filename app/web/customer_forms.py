"""Customer form: shape only; the customer service holds the rules."""
from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField

from app.i18n import _, _l
from app.web import choices

TEXT = ("name", "contact_email", "contact_phone", "address_line1", "address_line2", "city", "postal_code", "region",
        "legal_name", "legal_vat", "buyer_reference", "peppol_id", "account_number", "notes")


class CustomerForm(FlaskForm):
    name = StringField(_l("Name"))
    contact_email = EmailField(_l("Billing email"))
    contact_phone = StringField(_l("Phone"))
    country = SelectField(_l("Country"), validate_choice=False)
    currency = SelectField(_l("Currency"), validate_choice=False)
    language = SelectField(_l("Language of documents"), validate_choice=False)
    address_line1 = StringField(_l("Address line 1"))
    address_line2 = StringField(_l("Address line 2"))
    city = StringField(_l("City"))
    postal_code = StringField(_l("Postal code"))
    region = StringField(_l("Region / state"))
    legal_name = StringField(_l("Legal name"))
    legal_vat = StringField(_l("VAT / tax number"))
    buyer_reference = StringField(_l("Buyer reference"))
    peppol_id = StringField(_l("Peppol id"))
    account_number = StringField(_l("Debtor account"))
    status = SelectField(_l("Status"), choices=choices.as_choices([("active", _l("Active")), ("inactive", _l("Inactive"))]),
                         validate_choice=False)
    notes = TextAreaField(_l("Notes"))
    send_reminders = BooleanField(_l("Send automatic payment reminders"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", _("Choose a country…")), *choices.countries()]
        self.country.choices = choices.as_choices(choices.with_current(countries, self.country.data))
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))
        self.language.choices = choices.as_choices([("", _("The company's (Settings → Company)")), *choices.languages()])
        self.language.data = self.language.data or ""

    def service_data(self, creating: bool) -> dict:
        data = {field: (getattr(self, field).data or "") for field in TEXT}
        if not self.postal_code.raw_data and request.form.get("zipcode"):
            data["postal_code"] = request.form["zipcode"]  # the seed's name of the field, still accepted
        data["country"] = self.country.data or ""
        data["status"] = self.status.data or "active"
        data["send_reminders"] = bool(self.send_reminders.data)
        data["language"] = self.language.data or None
        if self.currency.data or not creating:
            data["currency"] = self.currency.data or ""
        return data
