"""The items and totals every priced document shares (invoices, quotes, recurring invoices):
reading item input, and writing items, totals and the tax breakdown onto a document that has
:class:`app.models.document.PricedDocumentMixin`. The rules are the money module's; this is
where a document's rows become its lines and its lines become its figures."""
from __future__ import annotations

from decimal import Decimal

from app import limits, money
from app.services import inputs
from app.services.errors import ValidationError
from app.services.inputs import Errors

ITEM_FIELDS = {"name", "item_name", "description", "quantity", "unit", "unit_price"}
PRICING_FIELDS = ("currency", "tax_rate", "tax_id", "discount_type", "discount_value")


def clean_items(data: dict, *, noun: str = "invoice") -> list[dict] | None:
    """The ``items`` (or ``line_items``) of ``data`` checked, as dicts; None when not given."""
    if "items" in data and "line_items" in data:
        raise ValidationError({"items": "Give either 'items' or 'line_items', not both."})
    raw = data.get("items", data.get("line_items"))
    if raw is None:
        return None
    field = "items" if "items" in data else "line_items"
    if not isinstance(raw, list):
        raise ValidationError({field: "Must be a list of items."})
    if len(raw) > limits.MAX_ITEMS:
        raise ValidationError({field: f"A{'n' if noun[0] in 'aeiou' else ''} {noun} has at most {limits.MAX_ITEMS} items."})
    errors, items = Errors(), []
    for index, item in enumerate(raw):
        where = f"items[{index}]."
        if not isinstance(item, dict):
            errors[f"items[{index}]"] = "Expected an object."
            continue
        before = len(errors)
        errors.capture(inputs.reject_unknown, item, ITEM_FIELDS, where)
        if len(errors) > before:
            continue
        if "name" in item and "item_name" in item:
            errors[where + "item_name"] = "Give either 'name' or 'item_name', not both."
            continue
        name = errors.capture(inputs.text, item.get("item_name", item.get("name")), where + "item_name",
                              max_length=limits.ITEM_NAME, required=True)
        description = errors.capture(inputs.text, item.get("description"), where + "description",
                                      max_length=limits.ITEM_DESCRIPTION)
        unit = errors.capture(inputs.text, item.get("unit"), where + "unit", max_length=limits.ITEM_UNIT)
        # Each number is checked on its own: a row with a bad quantity and a bad price names both.
        quantity = errors.capture(money.validate_quantity, item.get("quantity", 1), where + "quantity")
        unit_price = None
        if "unit_price" not in item:
            errors[where + "unit_price"] = "This field is required."
        else:
            unit_price = errors.capture(money.validate_unit_price, item["unit_price"], where + "unit_price")
        if quantity is not None and unit_price is not None:
            items.append({"item_name": name, "description": description, "unit": unit,
                          "quantity": quantity, "unit_price": unit_price})
    errors.raise_if_any()
    return items


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


def breakdown_json(totals: money.Totals) -> list[dict]:
    """The tax breakdown as stored on the document (exact decimals written as strings)."""
    return [{"tax_rate_id": entry.tax_rate_id, "name": entry.name, "percentage": money.plain(entry.percentage),
             "category": entry.category, "taxable_amount": money.plain(entry.taxable_amount),
             "tax_amount": money.plain(entry.tax_amount)} for entry in totals.tax_breakdown]


def apply_items(document, rows: list[dict] | None, item_class, *, amount_paid: Decimal | None = None) -> money.Totals:
    """Write ``rows`` (None: keep the saved items) and the totals onto ``document``."""
    lines = rows if rows is not None else rows_of(document)
    named = any(row.get("tax_rates") for row in lines)
    totals = totals_for(lines, document.currency, discount_type=document.discount_type,
                        discount_value=document.discount_value, tax_rate=None if named else (document.tax_rate or Decimal(0)),
                        tax_id=document.tax_id, amounts_include_tax=bool(document.amounts_include_tax),
                        amount_paid=amount_paid or Decimal(0))
    if rows is not None:
        document.items = [item_class(sort_order=index, subtotal=subtotal, total=subtotal, **row)
                          for index, (row, subtotal) in enumerate(zip(rows, totals.line_subtotals))]
    for field in ("subtotal", "discount_amount", "subtotal_after_discount", "tax_amount", "total"):
        setattr(document, field, getattr(totals, field))
    document.tax_breakdown = breakdown_json(totals)
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
    lines = rows_of(document)
    named = any(row.get("tax_rates") for row in lines)
    return totals_for(lines, document.currency, discount_type=document.discount_type,
                      discount_value=document.discount_value,
                      tax_rate=None if named else (document.tax_rate or Decimal(0)), tax_id=document.tax_id,
                      amounts_include_tax=bool(document.amounts_include_tax))


def rate_copy(rate: money.Rate, exemption_reason: str | None = None) -> dict:
    """A money Rate as an item stores it (the shared rate-copy shape)."""
    return {"id": rate.id, "name": rate.name, "percentage": money.plain(rate.percentage), "category": rate.category,
            "exemption_reason": exemption_reason}
