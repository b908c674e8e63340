"""Settings → Payments → Online payment (Stripe): the connection's form (shape only; the
connection service checks the secrets) and what the card shows around it."""
from flask_wtf import FlaskForm
from wtforms import PasswordField

from app.i18n import _, _l
from app.online_payments import connection
from app.services.tenancy import Actor
from app.web.settings_forms import ConfirmForm

# Password inputs: the browser neither shows, keeps nor offers the secrets (nor re-sends them
# when the page comes back with an error: WTForms leaves a password input empty).
SECRET_INPUT = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}


class StripeConnectionForm(FlaskForm):
    stripe_secret_key = PasswordField(_l("Secret key"), render_kw=SECRET_INPUT)
    stripe_webhook_secret = PasswordField(_l("Webhook signing secret"), render_kw=SECRET_INPUT)

    def service_data(self) -> dict:
        """Both fields as typed; an empty one keeps what is stored."""
        return {field: self[field].data or "" for field in connection.CHECKS}


def hint(stored: connection.Stored | None, empty: str) -> str:
    """A secret's hint: its last four when stored, that it must be entered again when it can no
    longer be read, else ``empty``."""
    if stored is None:
        return empty
    if not stored.readable:
        return str(connection.UNREADABLE)
    return _("Stored: %(last_four)s. Leave empty to keep it.", last_four=stored.last_four)


def card(actor: Actor, form: StripeConnectionForm | None = None) -> dict:
    """What the card shows: the form (a fresh one unless ``form`` comes back with errors), each
    secret's hint, whether the company is connected, the webhook address and its events."""
    stored = connection.shown(actor.company)
    return {
        "form": StripeConnectionForm(formdata=None) if form is None else form,
        "confirm": ConfirmForm(formdata=None),
        "connected": actor.company.stripe_connected,
        "needs_entering": any(value is not None and not value.readable for value in stored.values()),
        "hints": {
            "stripe_secret_key": hint(stored["stripe_secret_key"], _("From Stripe's Dashboard → Developers → API keys: "
                                                                          "sk_test_… (test mode) or sk_live_…, or a "
                                                                          "restricted key rk_….")),
            "stripe_webhook_secret": hint(stored["stripe_webhook_secret"], _(
                "whsec_…: Stripe shows it on the webhook endpoint you add with the address below. Optional: "
                "without it, payments are recorded when the client comes back and by the background check.")),
        },
        "webhook_url": connection.webhook_url(actor.company),
        "events": connection.EVENTS,
    }
