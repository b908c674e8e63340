"""Customers: create, update, soft delete, unique slugs per company."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from app.extensions import db
from app.models import CUSTOMER_STATUSES, Company, Customer
from app.models.base import utcnow
from app.services import inputs, tenancy
from app.services.activity import record
from app.services.inputs import Errors
from app.services.tenancy import Actor

TEXT_FIELDS = {  # field -> max length
    "contact_phone": 64, "city": 120, "zipcode": 32, "legal_name": 200,
    "legal_address": 2000, "legal_vat": 64, "notes": 5000,
}
SHORTHANDS = {"email": "contact_email", "phone": "contact_phone"}
FIELDS = {"name", "country", "contact_email", "currency", "status", "send_reminders", *TEXT_FIELDS}


def _normalise(data: dict) -> dict:
    inputs.reject_unknown(data, FIELDS | set(SHORTHANDS))
    data = dict(data)
    for short, full in SHORTHANDS.items():
        if short in data:
            value = data.pop(short)
            data.setdefault(full, value)
    return data


def _clean(data: dict) -> dict:
    errors = Errors()
    clean = {}
    checks = {
        "name": lambda v: inputs.text(v, "name", max_length=200, required=True),
        "country": inputs.country,
        "contact_email": lambda v: inputs.email(v, "contact_email"),
        "currency": inputs.currency,
        "status": lambda v: inputs.choice(v, "status", CUSTOMER_STATUSES),
        "send_reminders": lambda v: inputs.boolean(v, "send_reminders"),
    }
    for field, value in data.items():
        check = checks.get(field) or (lambda v, f=field: inputs.text(v, f, max_length=TEXT_FIELDS[f]))
        result = errors.capture(check, value)
        if field not in errors:
            clean[field] = result
    errors.raise_if_any()
    return clean


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:200] or "customer"


def _unique_slug(actor: Actor, name: str) -> str:
    # Lock the company row first: concurrent creations in one company then choose their
    # slugs one after the other (else two "Acme" both take "acme" and one fails on commit).
    db.session.execute(select(Company.pk).where(Company.pk == actor.company.pk).with_for_update())
    base = slugify(name)
    taken = set(db.session.scalars(
        select(Customer.slug).where(Customer.company_pk == actor.company.pk,
                                    Customer.slug.like(base.replace("_", r"\_") + "%", escape="\\"))
    ))
    if base not in taken:
        return base
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"


def create_customer(actor: Actor, data: dict) -> Customer:
    data = _normalise(data)
    missing = {field: "This field is required." for field in ("name", "country") if data.get(field) in (None, "")}
    if missing:
        raise inputs.ValidationError(missing)
    clean = _clean(data)
    clean.setdefault("currency", actor.company.currency)
    clean.setdefault("status", "active")
    customer = Customer(company_pk=actor.company.pk, slug=_unique_slug(actor, clean["name"]), **clean)
    db.session.add(customer)
    record(actor, customer, "customer.created")
    return customer


def update_customer(actor: Actor, customer_id: str, data: dict) -> Customer:
    customer = tenancy.get(Customer, actor.company, customer_id)
    clean = _clean(_normalise(data))
    for field in ("name", "country", "currency", "status"):
        if field in clean and clean[field] is None:
            raise inputs.ValidationError({field: "This field is required."})
    for field, value in clean.items():
        setattr(customer, field, value)
    db.session.flush()
    record(actor, customer, "customer.updated", fields=sorted(clean))
    return customer


def delete_customer(actor: Actor, customer_id: str) -> Customer:
    actor.require_admin("delete customers")
    customer = tenancy.get(Customer, actor.company, customer_id)
    customer.deleted_at = utcnow()
    record(actor, customer, "customer.deleted")
    return customer


def get_customer(actor: Actor, customer_id: str) -> Customer:
    return tenancy.get(Customer, actor.company, customer_id)
