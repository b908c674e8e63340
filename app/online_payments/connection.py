"""A company's Stripe connection (DESIGN §16): its secret key and webhook signing secret,
sealed at rest (app/sealed.py) and read back only to call Stripe or check a webhook.

Admins connect (:func:`connect`: an empty field keeps what is stored), test the connection
(``GET /v1/account``) and disconnect; every page shows only the last four characters of each
secret (:func:`shown`), or that it must be entered again when the app's ``SECRET_KEY`` changed.
No message, activity or log line ever holds a secret."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app import limits, links, sealed
from app.extensions import db
from app.i18n import _, _l
from app.models import Company
from app.online_payments import gateway
from app.services import inputs
from app.services.activity import record
from app.services.errors import ProviderRefused, ValidationError
from app.services.tenancy import Actor

PERMISSION = "change_settings"  # the connection is one of the company's settings
SECRET_KEY_PREFIXES = ("sk_test_", "sk_live_", "rk_test_", "rk_live_")
WEBHOOK_SECRET_PREFIX = "whsec_"
FIELDS = {"stripe_secret_key": "stripe_secret_key_sealed", "stripe_webhook_secret": "stripe_webhook_secret_sealed"}
# What to choose in Stripe's Dashboard when adding the endpoint (the webhook records these only).
EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed")
UNREADABLE = _l("The stored value can no longer be read (the app's SECRET_KEY changed): enter it again.")


def _open(value: str | None) -> str | None:
    return None if value is None else sealed.unseal(value, current_app.config["SECRET_KEY"])


def secret_key(company: Company) -> str | None:
    """The company's Stripe secret key, or None when it is not connected."""
    return _open(company.stripe_secret_key_sealed)


def webhook_secret(company: Company) -> str | None:
    return _open(company.stripe_webhook_secret_sealed)


# --- checking what an admin typed -------------------------------------------------------------

def _plain_token(value: object, field: str) -> str | None:
    """``value`` without the blanks a paste brings around it (None when empty): printable ASCII
    with no space inside, at most ``limits.STRIPE_SECRET`` characters. The message never
    repeats the value."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError({field: _("Must be a string.")})
    value = value.strip(" \t\r\n")
    if not value:
        return None
    if len(value) > limits.STRIPE_SECRET:
        raise ValidationError({field: limits.too_long(limits.STRIPE_SECRET)})
    if not all("!" <= character <= "~" for character in value):
        raise ValidationError({field: _("Stripe's secrets are letters, digits and underscores: this one holds a "
                                        "space, a control character or a character outside ASCII (copy it again "
                                        "from Stripe).")})
    return value


def _secret_key(value: object) -> str | None:
    key = _plain_token(value, "stripe_secret_key")
    if key is None:
        return None
    if key.startswith("pk_"):
        raise ValidationError({"stripe_secret_key": _("This is a publishable key (pk_…); give the secret key "
                                                      "(sk_test_… or sk_live_…) or a restricted key (rk_…).")})
    if key.startswith(WEBHOOK_SECRET_PREFIX):
        raise ValidationError({"stripe_secret_key": _("This is a webhook signing secret (whsec_…); it goes in the "
                                                      "webhook secret field. Give the secret key (sk_…) here.")})
    if not key.startswith(SECRET_KEY_PREFIXES) or len(key) <= len("sk_test_"):
        raise ValidationError({"stripe_secret_key": _("Not a Stripe secret key: it starts with sk_test_ or sk_live_ "
                                                      "(a restricted key with rk_test_ or rk_live_).")})
    return key


def _webhook_secret(value: object) -> str | None:
    secret = _plain_token(value, "stripe_webhook_secret")
    if secret is None:
        return None
    if secret.startswith(SECRET_KEY_PREFIXES):
        raise ValidationError({"stripe_webhook_secret": _("This is an API key; the webhook signing secret starts "
                                                          "with whsec_ (Stripe shows it on the webhook endpoint).")})
    if not secret.startswith(WEBHOOK_SECRET_PREFIX) or len(secret) == len(WEBHOOK_SECRET_PREFIX):
        raise ValidationError({"stripe_webhook_secret": _("Not a Stripe webhook signing secret: it starts with "
                                                          "whsec_ (Stripe shows it on the webhook endpoint).")})
    return secret


CHECKS = {"stripe_secret_key": _secret_key, "stripe_webhook_secret": _webhook_secret}


def _readable(company: Company, field: str) -> bool:
    try:
        return _open(getattr(company, FIELDS[field])) is not None
    except sealed.Unreadable:
        return False


# --- the admin's actions --------------------------------------------------------------------

def connect(actor: Actor, data: dict) -> list[str]:
    """Store the given secrets, sealed (admins only). A field left empty keeps the stored value;
    the secret key is required while none (readable) is stored. Returns the fields changed
    (empty: nothing was given, nothing changed)."""
    actor.require(PERMISSION)
    clean = {field: value for field, value in inputs.checked(data, CHECKS).items() if value is not None}
    company = actor.company
    if "stripe_secret_key" not in clean and not _readable(company, "stripe_secret_key"):
        stored = company.stripe_secret_key_sealed is not None
        raise ValidationError({"stripe_secret_key": str(UNREADABLE) if stored else
                               _("Required to connect: the secret key of your Stripe account (sk_…).")})
    key = current_app.config["SECRET_KEY"]
    changed = sorted(clean)
    for field in changed:
        setattr(company, FIELDS[field], sealed.seal(clean[field], key))
    if changed:
        db.session.flush()
        record(actor, company, "company.stripe_connected", fields=changed)  # names only, never values
    return changed


def disconnect(actor: Actor) -> bool:
    """Forget both secrets (admins only); the Pay button disappears. False when nothing was stored."""
    actor.require(PERMISSION)
    company = actor.company
    if company.stripe_secret_key_sealed is None and company.stripe_webhook_secret_sealed is None:
        return False
    company.stripe_secret_key_sealed = company.stripe_webhook_secret_sealed = None
    db.session.flush()
    record(actor, company, "company.stripe_disconnected")
    return True


@dataclass(frozen=True)
class Account:
    """What "Test connection" shows of the Stripe account the key belongs to."""
    id: str
    name: str | None
    email: str | None
    live: bool

    @property
    def label(self) -> str:
        return self.name or self.email or self.id


def test_connection(actor: Actor) -> Account:
    """``GET /v1/account`` with the stored key (admins only). ProviderRefused names Stripe's
    refusal (a revoked key…); ValidationError when no readable key is stored."""
    actor.require(PERMISSION)
    try:
        key = secret_key(actor.company)
    except sealed.Unreadable:
        raise ValidationError({"stripe_secret_key": str(UNREADABLE)}) from None
    if key is None:
        raise ValidationError({"stripe_secret_key": _("Not connected: save a secret key first.")})
    try:
        account = gateway.account(key)
    except ProviderRefused as error:  # Stripe masks keys in its messages; make sure of it
        raise ProviderRefused(error.message.replace(key, sealed.last_four(key))) from None
    settings = (account.get("settings") or {}).get("dashboard") or {}
    profile = account.get("business_profile") or {}
    return Account(id=account.get("id") or "", name=settings.get("display_name") or profile.get("name"),
                   email=account.get("email"), live=bool(account.get("livemode")))


test_connection.__test__ = False  # a service, not a test, whatever pytest makes of its name


# --- what pages show --------------------------------------------------------------------------

@dataclass(frozen=True)
class Stored:
    """One stored secret as a page shows it: its last four characters, or None when the stored
    value can no longer be read (it must be entered again)."""
    last_four: str | None

    @property
    def readable(self) -> bool:
        return self.last_four is not None


def _shown(value: str | None) -> Stored | None:
    try:
        plain = _open(value)
    except sealed.Unreadable:
        return Stored(None)
    return None if plain is None else Stored(sealed.last_four(plain))


def shown(company: Company) -> dict[str, Stored | None]:
    """Each field's stored secret (None: nothing stored), never more than its last four."""
    return {field: _shown(getattr(company, column)) for field, column in FIELDS.items()}


def webhook_url(company: Company) -> str:
    """The address to enter in Stripe (the webhook door, ``POST /webhooks/stripe/<company_id>``)."""
    return f"{links.base_url()}/webhooks/stripe/{company.id}"
