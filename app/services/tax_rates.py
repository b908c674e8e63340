"""Tax rates (DESIGN §10): a company's named rates, created and changed by its admins,
archived (``active: false``), never deleted."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case

from app import limits, money
from app.extensions import db
from app.i18n import _, _l
from app.models import TaxRate
from app.services import accounting, inputs, tenancy
from app.services.activity import record
from app.services.inputs import Errors, ValidationError
from app.services.tenancy import Actor

NAME_LENGTH, REASON_LENGTH = 100, 500
CATEGORY_NAMES = {
    "S": _l("Standard rate"), "Z": _l("Zero rated"), "E": _l("Exempt"), "AE": _l("Reverse charge"),
    "K": _l("Intra-EU supply"), "G": _l("Export outside the EU"), "O": _l("Outside the scope of tax"),
}


def _category(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else value
    if code not in money.TAX_CATEGORIES:
        raise ValidationError({"category": _("Must be one of: %(choices)s.", choices=", ".join(money.TAX_CATEGORIES))})
    return code


def _percentage(value: object) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError({"percentage": _("This field is required.")})
    return money.validate_tax_rate(value, "percentage")


def _boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError({field: _("Must be true or false.")})
    return value


CHECKS = {  # each column a rate's input may set -> its rule
    "name": lambda v: inputs.text(v, "name", max_length=limits.TAX_RATE_NAME, required=True),
    "percentage": _percentage,
    "category": _category,
    "exemption_reason": lambda v: inputs.text(v, "exemption_reason", max_length=limits.TAX_EXEMPTION_REASON, multiline=True),
    "active": lambda v: _boolean(v, "active"),
    "account": lambda v: accounting.account(v, "account"),
}


def _clean(data: dict) -> dict:
    return inputs.checked(data, CHECKS)


def _check_together(rate: dict) -> None:
    """The rules that join fields: a category's percentage, and who carries a reason."""
    errors = Errors()
    category, percentage = rate["category"], rate["percentage"]
    if category == "S" and percentage == 0:
        errors["percentage"] = _("A standard rate is above 0 %; choose Z (zero rated) for 0 %.")
    elif category != "S" and percentage != 0:
        errors["percentage"] = _("A rate of category %(code)s (%(name)s) is 0 %%.", code=category,
                                        name=str(CATEGORY_NAMES[category]).lower())
    if category in money.EXEMPTION_CATEGORIES and not rate["exemption_reason"]:
        errors["exemption_reason"] = _("Required for category %(code)s: the invoice must say why no tax is charged "
                                       "(e.g. “Reverse charge” or “Exempt under Article 132 of Directive 2006/112/EC”).",
                                       code=category)
    elif category not in money.EXEMPTION_CATEGORIES and rate["exemption_reason"]:
        errors["exemption_reason"] = _("Only exempt, reverse-charge, intra-EU, export and out-of-scope rates carry a reason.")
    errors.raise_if_any()


def list_tax_rates(actor: Actor, *, include_archived: bool = True) -> list[TaxRate]:
    """Active rates first, then archived ones; each by name and percentage."""
    query = tenancy.scoped(TaxRate, actor.company)
    if not include_archived:
        query = query.where(TaxRate.active.is_(True))
    order = (case((TaxRate.active.is_(True), 0), else_=1), TaxRate.name, TaxRate.percentage, TaxRate.pk)
    return list(db.session.scalars(query.order_by(*order)))


def get_tax_rate(actor: Actor, tax_rate_id: object) -> TaxRate:
    return tenancy.get(TaxRate, actor.company, tax_rate_id)


def create_tax_rate(actor: Actor, data: dict) -> TaxRate:
    actor.require("manage_tax_rates")
    clean = _clean({"name": None, "percentage": None, **data} if isinstance(data, dict) else data)
    clean.setdefault("category", "S")
    clean.setdefault("exemption_reason", None)
    clean.setdefault("active", True)
    clean.setdefault("account", None)
    _check_together(clean)
    rate = TaxRate(company_pk=actor.company.pk, **clean)
    db.session.add(rate)
    record(actor, rate, "tax_rate.created")
    return rate


def update_tax_rate(actor: Actor, tax_rate_id: object, data: dict) -> TaxRate:
    """Change the given fields. Moving to category S or Z without naming a reason drops the
    stored one (those categories carry none). Invoices keep their own copy of a rate."""
    actor.require("manage_tax_rates")
    rate = get_tax_rate(actor, tax_rate_id)
    clean = _clean(data)
    merged = {field: clean.get(field, getattr(rate, field)) for field in CHECKS}
    if merged["category"] not in money.EXEMPTION_CATEGORIES and "exemption_reason" not in clean:
        merged["exemption_reason"] = None
    _check_together(merged)
    changed = sorted(field for field in CHECKS if merged[field] != getattr(rate, field))
    for field in changed:
        setattr(rate, field, merged[field])
    if changed:
        db.session.flush()
        record(actor, rate, "tax_rate.updated", fields=changed)
    return rate


def archive_tax_rate(actor: Actor, tax_rate_id: object) -> TaxRate:
    return update_tax_rate(actor, tax_rate_id, {"active": False})


def restore_tax_rate(actor: Actor, tax_rate_id: object) -> TaxRate:
    return update_tax_rate(actor, tax_rate_id, {"active": True})


def money_rate(rate: TaxRate) -> money.Rate:
    """The rate as the totals engine (and an invoice's copy) uses it."""
    return money.Rate(rate.id, rate.name, rate.percentage, rate.category)
