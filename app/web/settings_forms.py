"""Settings forms: company profile, members, API keys, a new company (shape only)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import Length

from app import document_types, limits
from app.i18n import _, _l
from app.web import choices

# Besides these, Settings → Company holds each numbered document type's prefix (its descriptor's
# setting, app/document_types.py), added to the form below.
COMPANY_FIELDS = ("name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region",
                  "vat_id", "email", "currency", "timezone", "locale", "country", "contact_name", "contact_phone",
                  "peppol_id", "document_language")


class PlaceFields:
    """Where a company is and how it writes: country, currency, timezone and locale pickers,
    shared by the registration form and the company settings form."""
    country = SelectField(_l("Country"), validate_choice=False)
    currency = SelectField(_l("Currency"), validate_choice=False)
    timezone = SelectField(_l("Timezone"), validate_choice=False)
    locale = SelectField(_l("Language and number format"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = [("", _("Choose a country…")), *choices.countries()]
        self.country.choices = choices.as_choices(choices.with_current(countries, self.country.data))
        self.currency.choices = choices.as_choices(choices.with_current(choices.currencies(), self.currency.data))
        self.timezone.choices = choices.as_choices(choices.with_current(choices.timezones(), self.timezone.data))
        self.locale.choices = choices.as_choices(choices.with_current(choices.locales(), self.locale.data))


class CompanyForm(PlaceFields, FlaskForm):
    document_language = SelectField(_l("Language of documents"), validate_choice=False,
                                    choices=choices.as_choices(choices.languages()))
    name = StringField(_l("Company name"))
    email = EmailField(_l("Billing email"))
    legal_name = StringField(_l("Legal name"))
    address_line1 = StringField(_l("Address line 1"))
    address_line2 = StringField(_l("Address line 2"))
    city = StringField(_l("City"))
    postal_code = StringField(_l("Postal code"))
    region = StringField(_l("Region / state"))
    vat_id = StringField(_l("VAT / tax number"))
    contact_name = StringField(_l("Contact person"))
    contact_phone = StringField(_l("Contact phone"))
    peppol_id = StringField(_l("Peppol id"))
    einvoice_pdf = BooleanField(_l("Make every invoice PDF a Factur-X e-invoice when the invoice is ready"))

    def service_data(self) -> dict:
        data = {field: getattr(self, field).data or "" for field in (*COMPANY_FIELDS, *prefix_settings())}
        return {**data, "einvoice_pdf": bool(self.einvoice_pdf.data)}


def prefix_settings() -> tuple[str, ...]:
    return tuple(found.numbering.setting for found in document_types.numbered())


for _type in document_types.numbered():
    setattr(CompanyForm, _type.numbering.setting, StringField(_type.numbering.label))


class MemberForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[Length(max=limits.EMAIL)])
    role = SelectField(_l("Role"), choices=choices.as_choices([("member", _l("Member")), ("admin", _l("Admin"))]),
                       validate_choice=False)


class ApiKeyForm(FlaskForm):
    name = StringField(_l("Key name"), validators=[Length(max=limits.API_KEY_NAME)])


class ConfirmForm(FlaskForm):
    """An action button: only the CSRF token."""


class LeaveForm(FlaskForm):
    """Leaving a company: the company the confirmation page named (another tab may have
    switched the session's company since)."""
    company_id = HiddenField()


class NewCompanyForm(PlaceFields, FlaskForm):
    name = StringField(_l("Company name"))

    def service_data(self) -> dict:
        return {"name": self.name.data or "", **{field: self[field].data or "" for field in
                                                 ("country", "currency", "timezone", "locale")}}
