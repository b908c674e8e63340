"""Account forms: shape only; the rules live in the services."""
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from app import limits
from app.i18n import _l
from app.money import is_currency
from app.web import choices
from app.web.settings_forms import PlaceFields

DEFAULTS = {"currency": "USD", "country": "", "timezone": "UTC", "locale": "en_US"}


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=limits.EMAIL)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=limits.PASSWORD)])


class RegisterForm(PlaceFields, FlaskForm):
    """Shape only (no required checks either): the service reports every field's error at once."""
    name = StringField(_l("Your name"))
    email = EmailField(_l("Email"))
    password = PasswordField(_l("Password"))
    company_name = StringField(_l("Company name"))

    def company_settings(self) -> dict:
        return {field: self[field].data or "" for field in DEFAULTS}


def first_settings(language: str | None) -> dict:
    """Registration's defaults from the visitor's preferred language (``de-DE``: Germany, EUR,
    Europe/Berlin, de_DE): the country's currency, its timezone when it has only one (else
    UTC; the page's script offers the browser's), and the locale when the app lists it."""
    guess = dict(DEFAULTS)
    try:
        locale = Locale.parse(language or "", sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return guess
    territory = locale.territory
    if territory is None:
        return guess
    guess["country"] = territory
    currencies = [code for code in get_territory_currencies(territory) if is_currency(code)]
    if currencies:
        guess["currency"] = currencies[0]
    zones = get_global("territory_zones").get(territory, [])
    if len(zones) == 1:
        guess["timezone"] = zones[0]
    if str(locale) in choices.COMMON_LOCALES:
        guess["locale"] = str(locale)
    return guess
