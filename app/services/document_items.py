"""The items and totals every priced document shares (invoices, quotes, recurring invoices):
reading item input, and writing items, totals and the tax breakdown onto a document that has
:class:`app.models.document.PricedDocumentMixin`. The rules are the money module's; this is
where a document's rows become its lines and its lines become its figures."""
from __future__ import annotations

from decimal import Decimal
from functools import partial

from app import limits, money
from app.extensions import db
from app.i18n import _
from app.models import TaxRate
from app.services import inputs, tenancy
from app.services.errors import ValidationError
from app.services.inputs import Errors

# What a document made from another keeps of it as it is (a quote's invoice, a schedule's
# invoices, a credit note); one made with the same items keeps its rate and discount too.
CARRIED_FIELDS = ("currency", "tax_id", "amounts_include_tax")
PRICING_FIELDS = (*CARRIED_FIELDS, "tax_rate", "discount_type", "discount_value")


def copied_fields(source, *also: str, fields: tuple[str, ...] = PRICING_FIELDS) -> dict:
    """The ``fields`` (by default the pricing fields) and ``also`` of ``source`` (a model, or
    column values), for a document made from it: what is copied from one document to another."""
    value = source.__getitem__ if isinstance(source, dict) else partial(getattr, source)
    return {field: value(field) for field in (*fields, *also)}


def rate_copy(rate: TaxRate | money.Rate, exemption_reason: str | None = None) -> dict:
    """A tax rate (the model, or the money module's Rate) as an item keeps it (the shared
    contract): later edits of the rate change no document."""
    return {"id": rate.id, "name": rate.name, "percentage": money.plain(rate.percentage), "category": rate.category,
            "exemption_reason": getattr(rate, "exemption_reason", exemption_reason)}


def _rate_ids(value: object, field: str) -> list[str]:
    """An item's ``tax_rates``: a list of at most 3 distinct ids (a blank entry is no rate)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError({field: _("Must be a list of tax rate ids.")})
    ids = [entry.strip() if isinstance(entry, str) else entry for entry in value]
    ids = [entry for entry in ids if entry != ""]
    if not all(isinstance(entry, str) and "\x00" not in entry for entry in ids):
        raise ValidationError({field: _("Must be a list of tax rate ids.")})
    if len(ids) > money.MAX_RATES_PER_LINE:
        raise ValidationError({field: _("At most %(count)s tax rates per item.", count=money.MAX_RATES_PER_LINE)})
    if len(set(ids)) != len(ids):
        raise ValidationError({field: _("A tax rate appears twice on this item.")})
    return ids


def active_rates(company, ids) -> dict[str, TaxRate]:
    """The company's active tax rates among ``ids`` (one query), by id."""
    if not ids:
        return {}
    query = tenancy.scoped(TaxRate, company).where(TaxRate.active.is_(True), TaxRate.id.in_(sorted(set(ids))))
    return {rate.id: rate for rate in db.session.scalars(query)}


def clean_items(data: dict, *, noun: str = "invoice", company=None) -> list[dict] | None:
    """The ``items`` (or ``line_items``) of ``data`` checked, as dicts; None when not given.
    Each item's ``tax_rates`` (ids of ``company``'s active rates) become copies of those rates;
    an item without rates has ``tax_rates`` None."""
    if "items" in data and "line_items" in data:
        raise ValidationError({"items": _("Give either 'items' or 'line_items', not both.")})
    raw = data.get("items", data.get("line_items"))
    if raw is None:
        return None
    field = "items" if "items" in data else "line_items"
    if not isinstance(raw, list):
        raise ValidationError({field: _("Must be a list of items.")})
    if len(raw) > limits.MAX_ITEMS:
        raise ValidationError({field: limits.too_many_items(noun)})
    errors, items, wanted = Errors(), [], {}
    for index, where, item in inputs.objects(raw, None, errors, "items[{}]"):
        if "name" in item and "item_name" in item:
            errors[where + "item_name"] = _("Give either 'name' or 'item_name', not both.")
            continue
        name = errors.capture(inputs.text, item.get("item_name", item.get("name")), where + "item_name",
                              max_length=limits.ITEM_NAME, required=True)
        description = errors.capture(inputs.text, item.get("description"), where + "description", multiline=True,
                                      max_length=limits.ITEM_DESCRIPTION)
        unit = errors.capture(inputs.text, item.get("unit"), where + "unit", max_length=limits.ITEM_UNIT)
        # Each number is checked on its own: a row with a bad quantity and a bad price names both.
        quantity = errors.capture(money.validate_quantity, item.get("quantity", 1), where + "quantity")
        unit_price = None
        if "unit_price" not in item:
            errors[where + "unit_price"] = _("This field is required.")
        else:
            unit_price = errors.capture(money.validate_unit_price, item["unit_price"], where + "unit_price")
        rate_ids = errors.capture(_rate_ids, item.get("tax_rates"), where + "tax_rates")
        if rate_ids:
            wanted[index] = rate_ids
        if quantity is not None and unit_price is not None:
            items.append({"item_name": name, "description": description, "unit": unit,
                          "quantity": quantity, "unit_price": unit_price, "tax_rates": None, "index": index})
    found = active_rates(company, [rate_id for ids in wanted.values() for rate_id in ids]) if company else {}
    for index, ids in wanted.items():
        unknown = [rate_id for rate_id in ids if rate_id not in found]
        if unknown:
            errors[f"items[{index}].tax_rates"] = (_("No such active tax rate: '%(id)s'.", id=unknown[0]) if company
                                                   else _("Tax rates are not accepted here."))
    errors.raise_if_any()
    for item in items:
        ids = wanted.get(item.pop("index"))
        if ids:
            item["tax_rates"] = [rate_copy(found[rate_id]) for rate_id in ids]
    return items


ROW_TEXT = ("item_name", "description", "unit")


def text_total(rows: list[dict], *texts: str | None) -> int:
    """A document's text in all: its rows' names, descriptions and units plus ``texts``."""
    return sum(len(row.get(key) or "") for row in rows for key in ROW_TEXT) + sum(len(text or "") for text in texts)


def check_text_total(total: int, field: str, noun: str, parts: str) -> None:
    """Refuse a document whose text in all (``parts``, counted by :func:`text_total`) is over
    ``limits.DOCUMENT_TEXT``, at ``field``: its PDF would take too long to render."""
    if total > limits.DOCUMENT_TEXT:
        values = {"parts": parts, "count": limits.DOCUMENT_TEXT, "total": total}
        if noun == "invoice":
            said = _("An invoice's text in all (%(parts)s) can be at most %(count)s characters; this one has %(total)s.",
                     **values)
        elif noun == "quote":
            said = _("A quote's text in all (%(parts)s) can be at most %(count)s characters; this one has %(total)s.",
                     **values)
        elif noun == "credit note":
            said = _("A credit note's text in all (%(parts)s) can be at most %(count)s characters; "
                     "this one has %(total)s.", **values)
        else:  # no other document counts its text yet
            said = (f"A{'n' if noun[0] in 'aeiou' else ''} {noun}'s text in all ({parts}) can be "
                    f"at most {limits.DOCUMENT_TEXT} characters; this one has {total}.")
        raise ValidationError({field: said})


def clean_text_total(data: dict, clean: dict, document, errors: Errors, *, texts: tuple[str, ...],
                     noun: str) -> None:
    """:func:`check_text_total` for a priced document's input: its items and ``texts`` as given
    in ``clean``, else as saved on ``document``. The error names the items when they were
    given, else the first text given. Items given but not valid were refused already."""
    field = "items" if "items" in data else "line_items" if "line_items" in data else None
    if field is not None and "items" not in clean:
        return
    rows = clean["items"] if "items" in clean else rows_of(document) if document is not None else []
    values = [clean[name] if name in clean else getattr(document, name, None) for name in texts]
    given = field or next((name for name in texts if name in clean), None)
    if given is not None:
        parts = "item names, descriptions and units, " + " and ".join(name.replace("_", " ") for name in texts)
        errors.capture(check_text_total, text_total(rows, *values), given, noun, parts)


SUPPLY_FIELDS = ("supply_date", "supply_period_start", "supply_period_end")


def clean_supply(data: dict, document=None) -> dict:
    """The given supply fields (DESIGN §10) checked together with the stored ones of
    ``document``: a date, or a period's start and end (both; the end not before the start),
    never a date and a period. Blank clears a field. Returns the given fields only."""
    errors, clean = Errors(), {}
    for field in SUPPLY_FIELDS:
        if field in data:
            value = data[field]
            clean[field] = None if value in (None, "") else errors.capture(inputs.a_date, value, field)
    errors.raise_if_any()
    if not clean:
        return clean
    merged = {field: clean[field] if field in clean else getattr(document, field, None) for field in SUPPLY_FIELDS}
    start, end = merged["supply_period_start"], merged["supply_period_end"]
    if merged["supply_date"] is not None and (start is not None or end is not None):
        field = "supply_date" if "supply_date" in clean else next(f for f in SUPPLY_FIELDS[1:] if f in clean)
        raise ValidationError({field: _("Give either a supply date or a supply period, not both.")})
    if (start is None) != (end is None):
        missing = "supply_period_end" if end is None else "supply_period_start"
        raise ValidationError({missing: _("A supply period needs both its start and its end.")})
    if start is not None and end < start:
        raise ValidationError({"supply_period_end": _("The supply period cannot end before it starts.")})
    return clean


def clean_pricing(data: dict, document, errors: Errors, *, company=None, noun: str = "invoice") -> dict:
    """The pricing fields every priced document takes (currency, tax rate, its name, discount,
    prices including tax) and its items (their rates among ``company``'s), checked; each
    problem goes to ``errors``. ``document`` (None for a new one) completes a discount given by
    half and gives the saved items when none are given."""
    clean = {}
    if data.get("currency") not in (None, ""):
        clean["currency"] = errors.capture(inputs.currency, data["currency"])
    if "tax_rate" in data:
        clean["tax_rate"] = errors.capture(money.validate_tax_rate, data["tax_rate"] if data["tax_rate"] not in (None, "") else 0)
    if "discount_type" in data or "discount_value" in data:
        discount_type = data.get("discount_type", document.discount_type if document else None)
        discount_value = data.get("discount_value", document.discount_value if document else None)
        result = errors.capture(money.validate_discount, discount_type, discount_value)
        if result is not None:
            clean["discount_type"], clean["discount_value"] = result
    if "tax_id" in data:
        clean["tax_id"] = errors.capture(inputs.text, data["tax_id"], "tax_id", max_length=limits.TAX_ID)
    if "amounts_include_tax" in data:
        clean["amounts_include_tax"] = errors.capture(inputs.boolean, data["amounts_include_tax"], "amounts_include_tax")
    items = errors.capture(clean_items, data, company=company, noun=noun)
    if items is not None:
        clean["items"] = items
    rows = items if items is not None else rows_of(document) if document is not None else []
    if clean.get("tax_rate") and any(row.get("tax_rates") for row in rows):
        errors["tax_rate"] = _("Give either the invoice's tax_rate or the items' tax_rates, not both.")
    return clean


def rows_of(document) -> list[dict]:
    """A saved document's items as the dicts :func:`clean_items` gives."""
    return [{"item_name": item.item_name, "description": item.description, "unit": item.unit,
             "quantity": item.quantity, "unit_price": item.unit_price, "tax_rates": item.tax_rates}
            for item in document.items]


def rate_of(copy: dict) -> money.Rate:
    """A rate as stored on an item (a copy) as the money module's Rate."""
    return money.Rate(copy.get("id"), copy.get("name"), Decimal(str(copy["percentage"])), copy.get("category", "S"))


def line_of(row: dict) -> money.Line:
    return money.Line(row["quantity"], row["unit_price"], tuple(rate_of(copy) for copy in row.get("tax_rates") or ()))


def totals_for(lines: list[dict], currency: str, *, discount_type: str | None, discount_value: Decimal | None,
               tax_rate: Decimal | None, tax_id: str | None = None, amounts_include_tax: bool = False,
               amount_paid: Decimal = Decimal(0)) -> money.Totals:
    """The totals of rows (dicts as :func:`clean_items` or :func:`rows_of` give); a money
    rule broken is a ValidationError naming its field."""
    try:
        return money.compute_totals([line_of(row) for row in lines], currency, discount_type=discount_type,
                                    discount_value=discount_value or Decimal(0), tax_rate=tax_rate,
                                    tax_name=tax_id, amounts_include_tax=amounts_include_tax,
                                    amount_paid=amount_paid)
    except money.MoneyError as error:
        raise ValidationError({error.field: error.message}) from None


def apply_pricing(document, clean: dict, rows: list[dict] | None, item_class, *,
                  amount_paid: Decimal | None = None) -> money.Totals:
    """Write the clean pricing fields (see :func:`clean_pricing`), ``rows`` (None: keep the
    saved items) and the totals onto ``document``. When the items carry their own rates, the
    seed's single ``tax_rate`` is unused and stored as 0."""
    for field in PRICING_FIELDS:
        if field in clean:
            setattr(document, field, clean[field])
    if any(row.get("tax_rates") for row in (rows if rows is not None else rows_of(document))):
        document.tax_rate = Decimal(0)
    return apply_items(document, rows, item_class, amount_paid=amount_paid)


def preview(clean: dict, currency: str) -> money.Totals:
    """The totals of an unsaved editor's clean fields (the live preview)."""
    rows = clean.get("items", [])
    named = any(row.get("tax_rates") for row in rows)
    return totals_for(rows, currency, discount_type=clean.get("discount_type"),
                      discount_value=clean.get("discount_value", Decimal(0)),
                      tax_rate=None if named else clean.get("tax_rate", Decimal(0)), tax_id=clean.get("tax_id"),
                      amounts_include_tax=bool(clean.get("amounts_include_tax")))


def breakdown_json(totals: money.Totals) -> list[dict]:
    """The tax breakdown as stored on the document (exact decimals written as strings)."""
    return [{"tax_rate_id": entry.tax_rate_id, "name": entry.name, "percentage": money.plain(entry.percentage),
             "category": entry.category, "taxable_amount": money.plain(entry.taxable_amount),
             "tax_amount": money.plain(entry.tax_amount)} for entry in totals.tax_breakdown]


def priced(document, rows: list[dict], *, amount_paid: Decimal | None = None) -> money.Totals:
    """The totals of ``rows`` under ``document``'s pricing fields (currency, discount, the
    seed's single rate when no row names its own, prices including tax or not)."""
    named = any(row.get("tax_rates") for row in rows)
    return totals_for(rows, document.currency, discount_type=document.discount_type,
                      discount_value=document.discount_value,
                      tax_rate=None if named else (document.tax_rate or Decimal(0)), tax_id=document.tax_id,
                      amounts_include_tax=bool(document.amounts_include_tax), amount_paid=amount_paid or Decimal(0))


def item_columns(rows: list[dict], totals: money.Totals) -> list[dict]:
    """The item rows' column values, in order, with the subtotals ``totals`` gave them."""
    return [{"sort_order": index, "subtotal": subtotal, "total": subtotal, **row}
            for index, (row, subtotal) in enumerate(zip(rows, totals.line_subtotals))]


def total_columns(totals: money.Totals) -> dict:
    """The document's total columns and its stored tax breakdown."""
    return {**{field: getattr(totals, field)
               for field in ("subtotal", "discount_amount", "subtotal_after_discount", "tax_amount", "total")},
            "tax_breakdown": breakdown_json(totals)}


def apply_items(document, rows: list[dict] | None, item_class, *, amount_paid: Decimal | None = None) -> money.Totals:
    """Write ``rows`` (None: keep the saved items) and the totals onto ``document``."""
    totals = priced(document, rows if rows is not None else rows_of(document), amount_paid=amount_paid)
    if rows is not None:
        document.items = [item_class(**values) for values in item_columns(rows, totals)]
    for field, value in total_columns(totals).items():
        setattr(document, field, value)
    return totals


def breakdown_of(document) -> list[dict]:
    """The stored tax breakdown; for a document saved before it was stored, the one entry its
    single rate gives (the seed's tax_rate over the subtotal after discount)."""
    if document.tax_breakdown is not None:
        return document.tax_breakdown
    rate = money.unnamed_rate(document.tax_rate or Decimal(0), document.tax_id)
    return [{"tax_rate_id": None, "name": rate.name, "percentage": money.plain(rate.percentage),
             "category": rate.category, "taxable_amount": money.plain(document.subtotal_after_discount),
             "tax_amount": money.plain(document.tax_amount)}]


def totals_of(document) -> money.Totals:
    """A saved document's totals recomputed from its items (what :func:`apply_items` wrote):
    the groups and rates a credit note splits over (DESIGN §11)."""
    return priced(document, rows_of(document))
