"""Users, companies, memberships and API keys (invitations and leaving: app/services/invitations.py)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta, timezone
from zoneinfo import available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from babel import Locale, UnknownLocaleError
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from app import limits, payment_references
from app.extensions import db
from app.i18n import LANGUAGES, _, language_of_locale
from app.models import ApiKey, Company, Membership, User
from app.models.base import utcnow
from app.services import accounting, addresses, contacts, inputs, numbering, reminders, tenancy
from app.services.errors import NotFound, ValidationError
from app.services.inputs import Errors
from app.services.tenancy import Actor, can_be_id
from app.services.vat_ids import check_vat_id

_hasher = PasswordHasher()  # argon2id, memory-hard
# Verified against when the email is unknown, so both paths cost the same.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
KEY_PREFIX = "sk_live_"
# Last use is recorded to the minute: a read-only API request then writes nothing (a write
# per request serialises every request of a key on its row, and fails on SQLite under load).
LAST_USE_PRECISION = timedelta(minutes=1)
MIN_PASSWORD = 8
# What registration asks about the company besides its name (the rest has defaults or waits
# for Settings).
FIRST_SETTINGS = ("currency", "country", "timezone", "locale")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError({"password": _("Use at least %(count)s characters.", count=MIN_PASSWORD)})
    if len(password) > limits.PASSWORD:
        raise ValidationError({"password": _("Use at most %(count)s characters.", count=limits.PASSWORD)})
    return password


def find_user(email: object) -> User | None:
    """The user with this email (any case); None for text no stored email can be, such as text
    holding NUL (which PostgreSQL cannot even compare)."""
    if not isinstance(email, str) or not email.strip() or "\x00" in email:
        return None
    return db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def authenticate(email: object, password: object) -> User | None:
    user = find_user(email)
    candidate = password if isinstance(password, str) else ""
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, candidate)
    except (VerificationError, InvalidHashError):
        return None
    return user


def new_session_token() -> str:
    return secrets.token_hex(16)


def end_sessions(user: User) -> None:
    """Invalidate every login session of ``user`` (logout, password change)."""
    user.session_token = new_session_token()


def create_user(email: object, password: object, name: object = None) -> User:
    errors = Errors()
    clean_email = errors.capture(inputs.email, email, "email")
    if clean_email is None and "email" not in errors:
        errors["email"] = _("This field is required.")
    errors.capture(_check_password, password)
    clean_name = errors.capture(inputs.text, name, "name", max_length=limits.USER_NAME)
    if clean_email and find_user(clean_email) is not None:
        errors["email"] = _("An account with this email already exists.")
    errors.raise_if_any()
    user = User(email=clean_email.lower(), name=clean_name or "", password_hash=hash_password(password),
                session_token=new_session_token())
    try:
        with db.session.begin_nested():  # a concurrent registration of the same email loses here
            db.session.add(user)
    except IntegrityError:
        raise ValidationError({"email": _("An account with this email already exists.")}) from None
    return user


def _clean_company(data: dict, company: Company | None = None) -> dict:
    """The fields ``data`` gives, checked; ``company`` (when updating one) supplies the country
    of a VAT id given alone, and the reminder setting's other half."""
    errors = Errors()
    clean = addresses.clean(data, errors)
    prefixes = set(numbering.prefix_fields().values())
    texts = {"name": limits.COMPANY_NAME, "legal_name": limits.LEGAL_NAME}
    for field, value in data.items():
        if field in texts:
            clean[field] = errors.capture(inputs.text, value, field, max_length=texts[field],
                                          required=field == "name")
        elif field == "vat_id":
            clean[field] = errors.capture(inputs.text, value, field, max_length=limits.VAT_ID)
        elif field == "email":
            clean[field] = errors.capture(inputs.email, value, field)
        elif field == "currency":
            clean[field] = errors.capture(inputs.currency, value)
        elif field == "country":
            clean[field] = errors.capture(inputs.country, value) if value not in (None, "") else None
        elif field in prefixes:
            clean[field] = errors.capture(_prefix, value, field)
        elif field == "timezone":
            if value not in available_timezones():
                errors[field] = _("Choose a timezone from the IANA list, such as Europe/Paris.")
            clean[field] = value
        elif field == "locale":
            clean[field] = errors.capture(_locale, value)
        elif field == "document_language":
            clean[field] = errors.capture(inputs.choice, value, field, LANGUAGES)
        elif field == "einvoice_pdf":
            clean[field] = errors.capture(inputs.boolean, value, field)
        elif field == "contact_name":
            clean[field] = errors.capture(contacts.contact_name, value, field)
        elif field == "contact_phone":
            clean[field] = errors.capture(contacts.phone, value, field)
        elif field == "peppol_id":
            clean[field] = errors.capture(contacts.peppol_id, value, field)
        elif field in accounting.DATEV_NUMBERS:
            clean[field] = errors.capture(accounting.datev_number, value, field)
    _check_reference_format(data, clean, company, errors)
    if clean.get("vat_id") and "vat_id" not in errors and "country" not in errors:
        country = clean["country"] if "country" in clean else (company.country if company else None)
        clean["vat_id"] = errors.capture(check_vat_id, clean["vat_id"], country, "vat_id")
    elif "vat_id" not in data and "country" in clean and "country" not in errors and company is not None \
            and company.vat_id:
        # A new country: the id already stored must fit it.
        errors.capture(check_vat_id, company.vat_id, clean["country"], "vat_id")
    setting = {field: data[field] for field in reminders.SETTINGS_FIELDS if field in data}
    if setting:
        clean.update(errors.capture(reminders.clean_settings, company, setting) or {})
    errors.raise_if_any()
    return clean


def _check_reference_format(data: dict, clean: dict, company: Company | None, errors: Errors) -> None:
    """``payment_reference_format`` must fit the company's country (the Belgian structured
    communication is for BE companies); a company with it keeps BE as its country until the
    format changes (in the same update or before)."""
    if "country" in errors:
        return
    country = clean["country"] if "country" in clean else (company.country if company else None)
    if "payment_reference_format" in data:
        value = data["payment_reference_format"]
        problem = payment_references.format_error(value, country) if isinstance(value, str) \
            else _("Must be one of: %(choices)s.", choices=", ".join(payment_references.FORMATS))
        if problem:
            errors["payment_reference_format"] = problem
        else:
            clean["payment_reference_format"] = value
    elif "country" in clean and company is not None and company.payment_reference_format == payment_references.BE_OGM \
            and (country or "").upper() != "BE":
        errors["country"] = _("Invoices' payment references are Belgian structured communications, which are for "
                              "companies in Belgium: choose another payment reference format first "
                              "(Settings → Payments).")


def _prefix(value: object, field: str) -> str:
    prefix = inputs.text(value, field, max_length=limits.PREFIX, required=True)
    if not prefix.replace("-", "").replace("_", "").isalnum() or not prefix.isascii():
        raise ValidationError({field: _("Use letters, digits, '-' or '_' only.")})
    return prefix.upper()


def _locale(value: object) -> str:
    try:
        return str(Locale.parse(inputs.text(value, "locale", max_length=limits.LOCALE, required=True)))
    except (ValueError, UnknownLocaleError):
        raise ValidationError({"locale": _("Choose a known locale, such as en_US or fr_FR.")}) from None


def create_company(user: User, data: dict) -> Company:
    clean = _clean_company(data)
    if not clean.get("name"):
        raise ValidationError({"name": _("This field is required.")})
    clean.setdefault("document_language", language_of_locale(clean.get("locale")))  # DESIGN §17
    company = Company(**clean)
    db.session.add(company)
    db.session.add(Membership(user=user, company=company, role="admin"))
    db.session.flush()
    use_company(user, company)
    return company


def register(email: object, password: object, company_name: object, name: object = None,
             **settings: object) -> tuple[User, Company]:
    """A new user and their first company, of which they are admin. ``settings`` may give the
    company's currency, country, timezone and locale (FIRST_SETTINGS); every error comes at
    once, the company's name as ``company_name``."""
    unknown = sorted(set(settings) - set(FIRST_SETTINGS))
    if unknown:
        raise ValidationError({unknown[0]: _("Unknown field(s): %(fields)s.", fields=", ".join(unknown))})
    company_data = {"name": company_name, **{key: value for key, value in settings.items() if value is not None}}
    errors, company_errors = Errors(), Errors()
    company_errors.capture(_clean_company, company_data)
    if company_data["name"] in (None, "") and "name" not in company_errors:
        company_errors["name"] = _("This field is required.")
    user = errors.capture(create_user, email, password, name)
    errors.update({("company_name" if key == "name" else key): message for key, message in company_errors.items()})
    errors.raise_if_any()
    return user, create_company(user, company_data)


def update_company(actor: Actor, data: dict) -> Company:
    """The one way a company's profile and settings change (Settings and ``POST /v1/company``);
    only the fields given change."""
    actor.require("change_settings")
    clean = _clean_company(data, actor.company)
    if "name" in clean and not clean["name"]:
        raise ValidationError({"name": _("This field is required.")})
    for field, value in clean.items():
        setattr(actor.company, field, value)
    db.session.flush()
    return actor.company


def use_company(user: User, company: Company) -> None:
    """Remember ``company`` as the one ``user`` last used: their next login lands there."""
    user.last_company_pk = company.pk


def members(actor: Actor) -> list[tuple[Membership, User]]:
    """The members of the actor's company with their accounts, by email."""
    return [(membership, user) for membership, user in db.session.execute(
        tenancy.scoped(Membership, actor.company).add_columns(User)
        .join(User, Membership.user_pk == User.pk).order_by(User.email))]


# --- API keys -------------------------------------------------------------------------------

def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_key(user: User, name: object = None) -> tuple[ApiKey, str]:
    """A new key; the raw value is returned once and only its hash is stored."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)  # 256 bits
    key = ApiKey(user=user, name=inputs.text(name, "name", max_length=limits.API_KEY_NAME) or "API key",
                 key_hash=hash_key(raw), display_prefix=raw[:12])
    db.session.add(key)
    db.session.flush()
    return key, raw


def find_api_key(raw: object) -> ApiKey | None:
    """The live key for ``raw``, compared by hash in constant time; records last use."""
    found = find_api_key_in(raw, None)
    return found.key if found is not None else None


@dataclass(frozen=True)
class KeyInCompany:
    key: ApiKey
    user: User
    role: str | None  # None: the key's user is not a member of the company (or it does not exist)
    company: Company | None


# Built once: an API request only binds the key's digest and the company's public id. The
# membership is joined to the company this query finds, so it compares company_pk itself
# (there is no company yet to scope by; see tests/security/test_scoping_helper.py).
KEY_IN_COMPANY = (
    select(ApiKey, User, Membership.role, Company)
    .join(User, User.pk == ApiKey.user_pk)
    .outerjoin(Company, Company.id == bindparam("company_id"))
    .outerjoin(Membership, and_(Membership.user_pk == User.pk, Membership.company_pk == Company.pk))
    .where(ApiKey.key_hash == bindparam("digest")))


def find_api_key_in(raw: object, company_id: str | None) -> KeyInCompany | None:
    """As :func:`find_api_key`, with the key's user and their role in ``company_id`` read in
    the same query (one round trip per API request instead of two)."""
    if not isinstance(raw, str) or not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    digest = hash_key(raw)
    row = db.session.execute(KEY_IN_COMPANY, {"digest": digest, "company_id": company_id}).first()
    if row is None:
        return None
    key, user, role, company = row
    if not hmac.compare_digest(key.key_hash, digest) or key.revoked_at is not None:
        return None
    now, last = utcnow(), key.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands datetimes back without their offset
        last = last.replace(tzinfo=timezone.utc)
    if last is None or now - last >= LAST_USE_PRECISION:
        key.last_used_at = now
    return KeyInCompany(key, user, role, company if role is not None else None)


def revoke_api_key(user: User, key_id: str) -> ApiKey:
    key = None
    if can_be_id(key_id):
        key = db.session.scalars(select(ApiKey).where(ApiKey.user_pk == user.pk, ApiKey.id == key_id)).first()
    if key is None:
        raise NotFound(_("No such API key: '%(id)s'.", id=key_id), param="id")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def api_keys_of(user: User) -> list[ApiKey]:
    return list(db.session.scalars(select(ApiKey).where(ApiKey.user_pk == user.pk).order_by(ApiKey.pk.desc())))
