"""Customers: create, update, soft delete, unique slugs per company."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from sqlalchemy import func, select

from app import limits
from app.extensions import db
from app.i18n import LANGUAGES, _
from app.invoices.states import OPEN
from app.models import CUSTOMER_STATUSES, Company, Customer, Invoice
from app.models.base import utcnow
from app.services import accounting, addresses, contacts, inputs, tenancy
from app.services.activity import record
from app.services.inputs import Errors
from app.services.matching import contains
from app.services.reports import as_money
from app.services.tenancy import Actor
from app.services.vat_ids import check_vat_id

TEXT_FIELDS = {  # field -> max length
    "contact_phone": limits.PHONE, "legal_name": limits.LEGAL_NAME, "notes": limits.NOTES,
    "buyer_reference": limits.BUYER_REFERENCE,
}
# Other names a field may be sent by: the seed's shorthands, and the seed's ``zipcode``.
SHORTHANDS = {"email": "contact_email", "phone": "contact_phone", "zipcode": "postal_code"}
FREE_TEXT_ADDRESS = "legal_address"  # the seed's free text, split into the two address lines


def _normalise(data: dict) -> dict:
    data = dict(data)
    for short, full in SHORTHANDS.items():
        if short in data:
            value = data.pop(short)
            data.setdefault(full, value)
    if FREE_TEXT_ADDRESS in data:
        if "address_line1" in data or "address_line2" in data:
            raise inputs.ValidationError({FREE_TEXT_ADDRESS: _("Give either 'legal_address' or the address lines, "
                                                               "not both.")})
        data.update(addresses.from_free_text(data.pop(FREE_TEXT_ADDRESS), FREE_TEXT_ADDRESS))
    return data


def _checked_vat(clean: dict, customer: Customer | None = None) -> None:
    """The VAT id checked by the format of the customer's country (when either changes);
    an id that passes is stored in its compact form."""
    if "legal_vat" not in clean and "country" not in clean:
        return
    country = clean.get("country", customer.country if customer else None)
    vat = clean.get("legal_vat", customer.legal_vat if customer else None)
    if country and vat:
        clean["legal_vat"] = check_vat_id(vat, country, "legal_vat")


def _clean(data: dict, customer: Customer | None = None) -> dict:
    errors = Errors()
    clean = addresses.clean(data, errors)
    data = {field: value for field, value in data.items() if field not in addresses.FIELDS}
    checks = {
        "name": lambda v: inputs.text(v, "name", max_length=limits.CUSTOMER_NAME, required=True),
        "country": inputs.country,
        "contact_email": lambda v: inputs.email(v, "contact_email"),
        "currency": inputs.currency,
        "status": lambda v: inputs.choice(v, "status", CUSTOMER_STATUSES),
        "send_reminders": lambda v: inputs.boolean(v, "send_reminders"),
        "legal_vat": lambda v: inputs.text(v, "legal_vat", max_length=limits.LEGAL_VAT),
        "peppol_id": contacts.peppol_id,
        "account_number": lambda v: accounting.account(v, "account_number"),
        "language": lambda v: None if v in (None, "") else inputs.choice(v, "language", LANGUAGES),
    }
    for field, value in data.items():
        check = checks.get(field) or (lambda v, f=field: inputs.text(v, f, max_length=TEXT_FIELDS[f],
                                                                     multiline=f == "notes"))
        result = errors.capture(check, value)
        if field not in errors:
            clean[field] = result
    if "legal_vat" not in errors and "country" not in errors:
        errors.capture(_checked_vat, clean, customer)
    errors.raise_if_any()
    return clean


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:200] or "customer"


def taken_slugs(company: Company) -> set[str]:
    """Every slug of the company, deleted customers' included."""
    return set(db.session.scalars(tenancy.scoped(Customer, company, include_deleted=True)
                                  .with_only_columns(Customer.slug)))


def _unique_slug(actor: Actor, name: str) -> str:
    # Lock the company row first: concurrent creations in one company then choose their
    # slugs one after the other (else two "Acme" both take "acme" and one fails on commit).
    db.session.execute(select(Company.pk).where(Company.pk == actor.company.pk).with_for_update())
    base = slugify(name)
    taken = set(db.session.scalars(
        tenancy.scoped(Customer, actor.company, include_deleted=True).with_only_columns(Customer.slug)
        .where(Customer.slug.like(base.replace("_", r"\_") + "%", escape="\\"))))
    return free_slug(base, taken)


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first one not in ``taken`` (slugs of deleted
    customers included: a slug is never reused)."""
    if base not in taken:
        return base
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"


def create_customer(actor: Actor, data: dict) -> Customer:
    data = _normalise(data)
    # Every field's error at once: the missing ones and those of the fields given.
    errors = Errors({field: _("This field is required.") for field in ("name", "country") if field not in data})
    clean = errors.capture(_clean, data)
    errors.raise_if_any()
    clean.setdefault("currency", actor.company.currency)  # a new customer's; invoices follow theirs
    clean.setdefault("status", "active")
    customer = Customer(company_pk=actor.company.pk, slug=_unique_slug(actor, clean["name"]), **clean)
    db.session.add(customer)
    record(actor, customer, "customer.created")
    return customer


def update_customer(actor: Actor, customer_id: str, data: dict) -> Customer:
    customer = tenancy.get(Customer, actor.company, customer_id)
    clean = _clean(_normalise(data), customer)
    for field in ("name", "country", "currency", "status"):
        if field in clean and clean[field] is None:
            raise inputs.ValidationError({field: _("This field is required.")})
    for field, value in clean.items():
        setattr(customer, field, value)
    db.session.flush()
    record(actor, customer, "customer.updated", fields=sorted(clean))
    return customer


def delete_customer(actor: Actor, customer_id: str) -> Customer:
    actor.require("delete_customers")
    customer = tenancy.get(Customer, actor.company, customer_id)
    customer.deleted_at = utcnow()
    record(actor, customer, "customer.deleted")
    return customer


def get_customer(actor: Actor, customer_id: str) -> Customer:
    return tenancy.get(Customer, actor.company, customer_id)


# --- lists ------------------------------------------------------------------------------------

def customer_query(actor: Actor, *, q: str = "", status: str | None = None):
    """The live customers of the actor's company, by name; ``q`` is part of the name or email."""
    query = tenancy.scoped(Customer, actor.company)
    if q:
        query = query.where(contains(q, Customer.name, Customer.contact_email))
    return of_status(query, status).order_by(Customer.name, Customer.pk)


def of_status(query, status: object):
    """``query`` narrowed to the customers of ``status`` (one of CUSTOMER_STATUSES) when given."""
    if status is None:
        return query
    return query.where(Customer.status == inputs.choice(status, "status", CUSTOMER_STATUSES))


def picker(actor: Actor, *, limit: int, active_only: bool = False) -> list[Customer]:
    """The first ``limit`` customers by name, for a drop-down."""
    return list(db.session.scalars(customer_query(actor, status="active" if active_only else None).limit(limit)))


def balances(actor: Actor, customer_list: list[Customer]) -> dict[int, list[tuple[str, Decimal]]]:
    """What each customer owes: the amount due of their open invoices, per currency (by
    customer pk; a customer who owes nothing is missing). One grouped query for a page."""
    if not customer_list:
        return {}
    rows = db.session.execute(
        tenancy.scoped(Invoice, actor.company)
        .with_only_columns(Invoice.customer_pk, Invoice.currency, func.sum(Invoice.amount_due))
        .where(Invoice.customer_pk.in_([customer.pk for customer in customer_list]), Invoice.status.in_(OPEN))
        .group_by(Invoice.customer_pk, Invoice.currency).order_by(Invoice.customer_pk, Invoice.currency))
    owed = {}
    for customer_pk, currency, amount in rows:
        amount = as_money(amount, currency)
        if amount:
            owed.setdefault(customer_pk, []).append((currency, amount))
    return owed
