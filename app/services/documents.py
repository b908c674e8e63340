"""What writing an invoice and writing a quote share: the customer, dates and texts of their
input, a new draft (its dates and currency by default, its items and totals, its number and
the activity entry), an update (everything in draft, afterwards only the texts) and the
totals of an unsaved editor. Each kind describes itself once with a :class:`Kind`; its
items and pricing are :mod:`app.services.document_items`'."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from app import money
from app.extensions import db
from app.i18n import _
from app.i18n import noun as i18n_noun
from app.ids import new_token
from app.models import Company, Customer
from app.models.base import utcnow
from app.services import document_items, inputs, numbering, tenancy
from app.services.activity import record
from app.services.errors import InvalidTransition, NotEditable, NotFound, ValidationError
from app.services.inputs import Errors
from app.services.lifecycle_table import LifeCycle
from app.services.tenancy import Actor, today_for


@dataclass(frozen=True)
class Kind:
    """One kind of priced document a member writes.

    ``name`` is its numbering kind and the prefix of its activity (``invoice.created``);
    ``number_field`` the column its number goes to; ``end_date`` the date closing it (due,
    expiry), ``end_days`` after the issue date unless given; ``zero_fields`` the amounts
    it starts with at zero besides its tax rate and discount. ``clean(actor, data, document)``
    checks its input and ``apply(document, clean, items)`` writes it. After draft (what
    ``life_cycle``'s ``edit_details`` rule allows) only ``editable_any_time`` change; the other
    ``draft_fields`` are refused naming the status ``shown_status(document, today)`` gives."""
    model: type
    name: str
    number_field: str
    end_date: str
    end_days: int
    clean: Callable
    apply: Callable
    life_cycle: LifeCycle
    shown_status: Callable
    draft_fields: tuple[str, ...]
    editable_any_time: tuple[str, ...]
    zero_fields: tuple[str, ...] = ()

    def preview(self, actor: Actor, data: dict) -> money.Totals:
        """Totals for an unsaved form (the editor's live preview); raises ValidationError."""
        return preview_totals(actor, data, self)

    def create(self, actor: Actor, data: dict):
        """A new draft of this kind (:func:`create_draft`)."""
        return create_draft(actor, data, self)


def currency_for(company: Company, customer: Customer | None) -> str:
    """The currency a new document gets unless one is chosen: its customer's, else the company's."""
    return customer.currency if customer is not None and customer.currency else company.currency


def clean_heading(actor: Actor, data: dict, errors: Errors, *, dates: tuple[str, ...],
                  texts: tuple[tuple[str, int], ...], multiline: tuple[str, ...] = ("notes",)) -> dict:
    """The customer, the ``dates`` and the ``texts`` (each with its length limit; those named in
    ``multiline`` may span lines) given in ``data``, checked; each problem goes to ``errors``."""
    clean = {}
    if "customer_id" in data:
        try:
            clean["customer"] = tenancy.get(Customer, actor.company, data["customer_id"])
        except NotFound as error:
            errors["customer_id"] = error.message
    for field in dates:
        if data.get(field) not in (None, ""):
            clean[field] = errors.capture(inputs.a_date, data[field], field)
    for field, limit in texts:
        if field in data:
            clean[field] = errors.capture(inputs.text, data[field], field, max_length=limit,
                                          multiline=field in multiline)
    return clean


def apply_heading(document, clean: dict, fields: tuple[str, ...], end_date: str, message: str) -> None:
    """Write the clean ``fields`` and customer (see :func:`clean_heading`) onto ``document``;
    its ``end_date`` (due, expiry) cannot then be before its issue date (``message`` says so)."""
    for field in fields:
        if field in clean:
            setattr(document, field, clean[field])
    if "customer" in clean:
        document.customer = clean["customer"]
    if getattr(document, end_date) < document.issue_date:
        raise ValidationError({end_date: message})


def check_sendable(document, noun: str) -> None:
    """A document is mailed to its customer's contact email, and only once it has items."""
    if not document.customer.contact_email:
        raise ValidationError({"customer_id": _("The customer %(name)s has no contact email to send to.",
                                                   name=document.customer.name)})
    if not document.items:
        raise ValidationError({"items": _("Add at least one item before sending the %(noun)s.", noun=i18n_noun(noun))})


def check_order(actor: Actor, clean: dict, document, errors: Errors, first: str, last: str, message: str) -> None:
    """``last`` (e.g. the due date) not before ``first`` (the issue date), each the one given,
    else the document's (a new one's ``first`` is today): said with the other problems of the
    input rather than after them."""
    start = clean.get(first) or (getattr(document, first, None) if document is not None else today_for(actor.company))
    end = clean.get(last) or getattr(document, last, None)
    if start is not None and end is not None and end < start and first not in errors and last not in errors:
        errors[last] = message


def preview_totals(actor: Actor, data: dict, kind: Kind) -> money.Totals:
    """Totals for an unsaved form (the editor's live preview); raises ValidationError."""
    customer = tenancy.find(Customer, actor.company, data.get("customer_id"))
    data = {key: value for key, value in data.items() if key != "customer_id"}
    clean = kind.clean(actor, data, None)
    return document_items.preview(clean, clean.get("currency") or currency_for(actor.company, customer))


def create_draft(actor: Actor, data: dict, kind: Kind):
    """A new draft of ``kind`` for the given customer: issued today and closing ``end_days``
    later unless dates are given, in the customer's currency unless one is given, numbered on
    the kind's counter, its creation recorded."""
    errors = Errors()
    if data.get("customer_id") in (None, ""):  # said with every other problem of the input, at once
        errors["customer_id"] = _("This field is required.")
        data = {key: value for key, value in data.items() if key != "customer_id"}
    clean = errors.capture(kind.clean, actor, data, None)
    errors.raise_if_any()
    issue_date = clean.get("issue_date") or today_for(actor.company)
    zeros = dict.fromkeys(("tax_rate", "discount_value", *kind.zero_fields), Decimal(0))
    document = kind.model(
        company_pk=actor.company.pk, status="draft", public_token=new_token(), issue_date=issue_date,
        currency=clean.get("currency") or currency_for(actor.company, clean["customer"]),
        **{kind.end_date: clean.get(kind.end_date) or issue_date + timedelta(days=kind.end_days)}, **zeros)
    kind.apply(document, clean, clean.get("items", []))
    number = numbering.next_number(actor.company, document.issue_date.year, kind=kind.name)
    setattr(document, kind.number_field, number)
    db.session.add(document)
    record(actor, document, f"{kind.name}.created", number=number)
    return document


def update(actor: Actor, document, data: dict, kind: Kind, change_status: Callable | None = None):
    """``document`` (locked) changed by ``data`` (the fields its update's shape accepts): any
    field in draft, afterwards only the ones editable any time (a draft field is refused,
    naming the status). A ``status`` leaves draft only by sending; after draft it goes to
    ``change_status(actor, document, status)``. The change is recorded (its fields, without
    ``status``)."""
    details = "edit_details" in kind.life_cycle.allowed(document, actor.role, today_for(actor.company))
    if not details:
        locked = sorted(field for field in data if field in kind.draft_fields)
        if locked:
            shown = kind.shown_status(document, today_for(actor.company))
            raise NotEditable(_("This %(noun)s is %(status)s; %(reason)s. Refused: %(fields)s.", noun=i18n_noun(kind.name),
                                status=shown, reason=kind.life_cycle.rules["edit_details"].explain,
                                fields=", ".join(locked)), status=shown, param=locked[0])
    elif "status" in data and data["status"] != "draft":
        raise InvalidTransition(_("A draft %(noun)s leaves draft by being sent.", noun=i18n_noun(kind.name)),
                                status="draft", param="status")
    clean = kind.clean(actor, {key: value for key, value in data.items() if key != "status"}, document)
    if details:
        kind.apply(document, clean, clean.get("items"))
    else:
        for field in kind.editable_any_time:
            if field in clean:
                setattr(document, field, clean[field])
    if "status" in data and not details:
        change_status(actor, document, data["status"])
    changed = sorted(key for key in data if key != "status")
    if changed:
        record(actor, document, f"{kind.name}.updated", fields=changed)
    db.session.flush()
    return document


def delete(actor: Actor, document, require: Callable, name: str):
    """Mark ``document`` (locked) deleted once its life cycle's ``require(actor, document,
    "delete")`` allows it, recorded as ``<name>.deleted``; it keeps its row, so its number
    stays in the record."""
    require(actor, document, "delete")
    document.deleted_at = utcnow()
    record(actor, document, f"{name}.deleted")
    db.session.flush()
    return document
