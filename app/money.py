"""Pure money arithmetic: currencies' minor units, half-up rounding, invoice totals with
tax rates (DESIGN §4 and §10) and the split of a credit over an invoice's rates (§11).

No Flask, no SQLAlchemy: every door (form preview, JSON API, PDF, public page) shows the
results of :func:`compute_totals`, so they can never disagree.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Iterable, Sequence

import pycountry
from babel.numbers import get_currency_precision

from app.i18n import _

ZERO = Decimal("0")
HUNDRED = Decimal("100")
MAX_AMOUNT = Decimal(10) ** 12
QUANTITY_PLACES = 4  # quantities, unit prices and discount values
TAX_RATE_PLACES = 3
DISCOUNT_TYPES = ("percentage", "fixed")


class MoneyError(ValueError):
    """An input that the money rules refuse; ``field`` names the offending input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def is_currency(code: object) -> bool:
    return isinstance(code, str) and len(code) == 3 and code.isupper() and \
        pycountry.currencies.get(alpha_3=code) is not None


def minor_unit(currency: str) -> int:
    """Digits after the decimal point for ``currency`` (USD 2, JPY 0, BHD 3)."""
    if not is_currency(currency):
        raise MoneyError("currency", _("'%(value)s' is not an ISO 4217 currency code.", value=currency))
    return get_currency_precision(currency)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-minor_unit(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


ASCII_DIGITS = frozenset("0123456789")


def written_plainly(text: str) -> bool:
    """Whether ``text`` writes its digits as ASCII 0-9 without underscores. Python's
    ``Decimal()`` also reads ``"١٢٣"`` (Arabic-Indic digits) and ``"1_000"``; no door does."""
    return "_" not in text and all(char in ASCII_DIGITS for char in text if char.isdigit())


def to_decimal(value: object, field: str, *, places: int | None = None,
               minimum: Decimal | None = None, maximum: Decimal | None = MAX_AMOUNT,
               exclusive_minimum: bool = False) -> Decimal:
    """Parse ``value`` (Decimal, int or numeric string in ASCII digits; never a float) with
    limits. This is the one decimal parser of every input, form or API."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise MoneyError(field, _("Must be a number."))
    if isinstance(value, str) and not written_plainly(value):
        raise MoneyError(field, _("Must be a number."))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise MoneyError(field, _("Must be a number.")) from None
    if not number.is_finite():
        raise MoneyError(field, _("Must be a finite number."))
    if minimum is not None:
        if exclusive_minimum and number <= minimum:
            raise MoneyError(field, _("Must be greater than %(minimum)s.", minimum=minimum))
        if number < minimum:
            raise MoneyError(field, _("Must be at least %(minimum)s.", minimum=minimum))
    if (maximum is not None and number > maximum) or number.adjusted() > 15:
        raise MoneyError(field, _("Must be at most %(maximum)s.", maximum=plain(maximum or MAX_AMOUNT)))
    if places is not None and number.as_tuple().exponent < -places and \
            number != number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise MoneyError(field, _("Must have at most %(count)s decimal places.", count=places))
    return number


def parse_amount(value: object, currency: str, field: str = "amount") -> Decimal:
    """A positive payment/refund amount in ``currency``'s minor unit."""
    return to_decimal(value, field, places=minor_unit(currency), minimum=ZERO, exclusive_minimum=True)


def plain(amount: Decimal) -> str:
    """The shortest exact decimal text: 8769.60 -> '8769.6', 8400.00 -> '8400'."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "") else text


TAX_CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O")   # EN 16931 / UNCL5305
EXEMPTION_CATEGORIES = frozenset(("E", "AE", "K", "G", "O"))  # the invoice must say why
MAX_RATES_PER_LINE = 3


@dataclass(frozen=True)
class Rate:
    """A tax rate as an invoice uses it (a copy: editing the rate later changes no invoice).
    ``id`` is None for the seed's unnamed invoice-level ``tax_rate``."""
    id: str | None
    name: str | None
    percentage: Decimal
    category: str = "S"


def unnamed_rate(percentage: Decimal, name: str | None = None) -> Rate:
    """The seed's invoice-level tax_rate as a rate: category S, or Z at 0 (DESIGN §10)."""
    return Rate(None, name, percentage, "S" if percentage else "Z")


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal
    tax_rates: tuple[Rate, ...] = ()


@dataclass(frozen=True)
class Group:
    """The items that carry the same set of tax rates (``rates`` in order of first use)."""
    rates: tuple[Rate, ...]
    items: tuple[int, ...]
    subtotal: Decimal
    discount_share: Decimal
    taxable: Decimal   # subtotal - discount_share (gross when amounts include tax)
    net: Decimal       # taxable without tax (= taxable when amounts exclude tax)


@dataclass(frozen=True)
class TaxEntry:
    """One line of the tax breakdown: ``taxable_amount`` is always the net the rate applies to."""
    rate: Rate
    taxable_amount: Decimal
    tax_amount: Decimal

    @property
    def tax_rate_id(self) -> str | None:
        return self.rate.id

    @property
    def name(self) -> str | None:
        return self.rate.name

    @property
    def percentage(self) -> Decimal:
        return self.rate.percentage

    @property
    def category(self) -> str:
        return self.rate.category


@dataclass(frozen=True)
class Totals:
    line_subtotals: tuple[Decimal, ...]
    subtotal: Decimal
    discount_amount: Decimal
    subtotal_after_discount: Decimal
    tax_amount: Decimal
    total: Decimal
    amount_due: Decimal
    tax_breakdown: tuple[TaxEntry, ...]
    groups: tuple[Group, ...]
    amounts_include_tax: bool

    @property
    def total_excluding_tax(self) -> Decimal:
        return total_excluding_tax(self.total, self.tax_amount)

    @property
    def only_rate(self) -> Rate | None:
        """The one rate every item carries, if there is exactly one (see :func:`only_rate`)."""
        return only_rate([group.rates for group in self.groups])

    @property
    def single_tax_rate(self) -> Decimal | None:
        """The documents' ``tax_rate`` of these items (see :func:`single_tax_rate`)."""
        return single_tax_rate([group.rates for group in self.groups], None)


# --- the figures every door shows, each written once --------------------------------------

def total_excluding_tax(total: Decimal, tax_amount: Decimal) -> Decimal:
    """A document's total without its tax (DESIGN §10): the API's ``total_excluding_tax``, the
    totals' "Total excluding tax" row, a credit note's subtotal."""
    return total - tax_amount


def only_rate(rates_per_item: Sequence[Sequence[Rate]]) -> Rate | None:
    """The one rate every item carries alone, or None when an item carries none or several,
    when two items carry different rates, or when there are no items."""
    first = rates_per_item[0] if rates_per_item else ()
    if len(first) != 1 or any(tuple(rates) != tuple(first) for rates in rates_per_item):
        return None
    return first[0]


def single_tax_rate(rates_per_item: Sequence[Sequence[Rate]], document_rate: Decimal | None) -> Decimal | None:
    """The single tax rate a document shows as ``tax_rate`` (DESIGN §10): ``document_rate`` (the
    seed's invoice-level rate) when no item names a rate, else the percentage of the one rate
    every item carries alone (:func:`only_rate`), else None."""
    if not any(rates_per_item):
        return document_rate
    rate = only_rate(rates_per_item)
    return None if rate is None else rate.percentage


def net_paid(amount_paid: Decimal, amount_refunded: Decimal) -> Decimal:
    """Money paid and not refunded: what can still be refunded, and what an e-invoice says was
    paid already (EN 16931 BT-113)."""
    return amount_paid - amount_refunded


def amount_due(total: Decimal, *, credited: Decimal = ZERO, paid: Decimal = ZERO,
               refunded: Decimal = ZERO) -> Decimal:
    """What a document of ``total`` owes (DESIGN §5/§11): ``total − credited − (paid −
    refunded)``, never below 0. An invoice stores it only through its life cycle's settle
    step (:func:`app.invoices.states.settle`), which also knows that a cancelled one owes nothing."""
    return max(ZERO, total - credited - net_paid(paid, refunded))


def amount_overpaid(total: Decimal, *, credited: Decimal = ZERO, paid: Decimal = ZERO,
                    refunded: Decimal = ZERO) -> Decimal:
    """What was paid beyond what the document asked (DESIGN §16: an online payment arriving for
    an invoice paid meanwhile is recorded anyway); a refund can return it. Never below 0."""
    return max(ZERO, net_paid(paid, refunded) - (total - credited))


def to_minor_units(amount: Decimal, currency: str) -> int:
    """The amount in the currency's smallest unit, as payment providers take it (12.34 EUR → 1234,
    500 JPY → 500); ``amount`` must already be rounded to that unit."""
    scaled = amount.scaleb(minor_unit(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError("amount", _("%(amount)s %(currency)s is not a whole number of the currency's smallest unit.",
                                            amount=amount, currency=currency))
    return int(scaled)


def from_minor_units(units: int, currency: str) -> Decimal:
    """What :func:`to_minor_units` made, back as an amount."""
    return Decimal(int(units)).scaleb(-minor_unit(currency))


def validate_quantity(value: object, field: str = "quantity") -> Decimal:
    return to_decimal(value, field, places=QUANTITY_PLACES, minimum=ZERO, exclusive_minimum=True)


def validate_unit_price(value: object, field: str = "unit_price") -> Decimal:
    return to_decimal(value, field, places=QUANTITY_PLACES, minimum=ZERO)


def validate_line(quantity: object, unit_price: object, index: int | None = None) -> Line:
    prefix = "" if index is None else f"items[{index}]."
    return Line(quantity=validate_quantity(quantity, prefix + "quantity"),
                unit_price=validate_unit_price(unit_price, prefix + "unit_price"))


def validate_tax_rate(value: object, field: str = "tax_rate") -> Decimal:
    return to_decimal(value, field, places=TAX_RATE_PLACES, minimum=ZERO, maximum=HUNDRED)


def validate_discount(discount_type: object, value: object) -> tuple[str | None, Decimal]:
    blank = value is None or (isinstance(value, str) and not value.strip())
    if discount_type is None or discount_type == "":
        if not blank and to_decimal(value, "discount_value") != ZERO:
            raise MoneyError("discount_type", _("Choose 'percentage' or 'fixed' to apply a discount."))
        return None, ZERO
    if discount_type not in DISCOUNT_TYPES:
        raise MoneyError("discount_type", _("Must be 'percentage' or 'fixed'."))
    if blank:
        value = ZERO
    maximum = HUNDRED if discount_type == "percentage" else MAX_AMOUNT
    return discount_type, to_decimal(value, "discount_value", places=QUANTITY_PLACES, minimum=ZERO, maximum=maximum)


def allocate(amount: Decimal, weights: Sequence[Decimal | Fraction], currency: str) -> tuple[Decimal, ...]:
    """Split ``amount`` (on the currency's grid) in proportion to ``weights`` (>= 0), in minor
    units by largest remainder; of equal remainders the earlier weight gets the unit first."""
    digits = minor_unit(currency)
    units = Fraction(amount) * 10 ** digits
    whole = sum((Fraction(weight) for weight in weights), Fraction(0))
    if units.denominator != 1 or units < 0:
        raise MoneyError("amount", _("Must be at least 0 with at most %(count)s decimal places in %(currency)s.",
                                     count=digits, currency=currency))
    if whole == 0:
        if units:
            raise MoneyError("amount", _("There is nothing to split the amount over."))
        return tuple(Decimal(0).scaleb(-digits) for _ in weights)
    exact = [units * Fraction(weight) / whole for weight in weights]
    parts = [math.floor(share) for share in exact]
    by_remainder = sorted(range(len(parts)), key=lambda index: (parts[index] - exact[index], index))
    for index in by_remainder[:int(units) - sum(parts)]:
        parts[index] += 1
    return tuple(Decimal(part).scaleb(-digits) for part in parts)


def _round_ratio(numerator: Decimal, denominator: Decimal, currency: str) -> Decimal:
    """round(numerator / denominator) half up, from the exact fraction (no 28-digit context)."""
    digits = minor_unit(currency)
    value = Fraction(numerator) * 10 ** digits / Fraction(denominator)
    units = math.floor(abs(value) + Fraction(1, 2))
    return Decimal(units if value >= 0 else -units).scaleb(-digits)


def inclusive_parts(gross: Decimal, rates: Sequence[Rate], currency: str) -> tuple[Decimal, tuple[Decimal, ...]]:
    """DESIGN §10's rule for an amount that includes the taxes of ``rates``: its net, and each
    rate's tax. With several rates each takes round(net × percentage / 100) and the last rate
    above 0 % takes the rest; no rate takes more than is left, so none goes below zero."""
    net = _round_ratio(gross * HUNDRED, HUNDRED + sum((rate.percentage for rate in rates), ZERO), currency)
    remaining = gross - net
    last = max((index for index, rate in enumerate(rates) if rate.percentage), default=None)
    taxes = [ZERO] * len(rates)
    for index, rate in enumerate(rates):
        if rate.percentage and index != last:
            taxes[index] = min(round_money(net * rate.percentage / HUNDRED, currency), remaining)
            remaining -= taxes[index]
    if last is not None:
        taxes[last] = remaining
    return net, tuple(round_money(tax, currency) for tax in taxes)


def _summed(order: Sequence[Rate], pieces: Iterable[tuple[Rate, Decimal, Decimal]]) -> tuple[TaxEntry, ...]:
    """Breakdown entries (in ``order``) from (rate, net, tax) pieces; rates with no piece are left out."""
    sums: dict[Rate, list[Decimal]] = {}
    for rate, net, tax in pieces:
        entry = sums.setdefault(rate, [ZERO, ZERO])
        entry[0] += net
        entry[1] += tax
    return tuple(TaxEntry(rate, *sums[rate]) for rate in order if rate in sums)


def _rates_in_order(lines: Sequence[Line]) -> dict[Rate, int]:
    """Every rate the lines use, numbered in order of first use; refuses a line with too many."""
    order: dict[Rate, int] = {}
    for index, line in enumerate(lines):
        if len(line.tax_rates) > MAX_RATES_PER_LINE:
            raise MoneyError(f"items[{index}].tax_rates", _("At most %(count)s tax rates per item.", count=MAX_RATES_PER_LINE))
        if len(set(line.tax_rates)) != len(line.tax_rates):
            raise MoneyError(f"items[{index}].tax_rates", _("A tax rate appears twice on this item."))
        for rate in line.tax_rates:
            order.setdefault(rate, len(order))
    return order


def _discount(subtotal: Decimal, discount_type: str | None, discount_value: Decimal, currency: str) -> Decimal:
    if discount_type == "percentage":
        return round_money(subtotal * discount_value / HUNDRED, currency)
    if discount_type == "fixed":
        if discount_value > subtotal:
            raise MoneyError("discount_value", _("A fixed discount cannot exceed the subtotal."))
        if round_money(discount_value, currency) != discount_value:
            raise MoneyError("discount_value",
                             _("A fixed discount has at most %(count)s decimal places in %(currency)s.",
                               count=minor_unit(currency), currency=currency))
        return discount_value
    return ZERO


def compute_totals(lines: Sequence[Line], currency: str, *, discount_type: str | None = None,
                   discount_value: Decimal = ZERO, tax_rate: Decimal | None = None, tax_name: str | None = None,
                   amounts_include_tax: bool = False, amount_paid: Decimal = ZERO) -> Totals:
    """DESIGN §10 (which is §4 when every item carries one rate), rounding half up to the minor
    unit at every step. Items carry their own ``tax_rates``; when none does, the invoice-level
    ``tax_rate`` (default 0) applies to every item as one unnamed rate labelled ``tax_name``."""
    if not any(line.tax_rates for line in lines):
        rate = unnamed_rate(ZERO if tax_rate is None else tax_rate, tax_name)
        lines = [Line(line.quantity, line.unit_price, (rate,)) for line in lines]
    elif tax_rate is not None:
        raise MoneyError("tax_rate", _("Give either the invoice's tax_rate or the items' tax_rates, not both."))
    line_subtotals = tuple(round_money(line.quantity * line.unit_price, currency) for line in lines)
    for index, value in enumerate(line_subtotals):
        if value > MAX_AMOUNT:
            raise MoneyError(f"items[{index}].unit_price", _("The line total exceeds 10^12."))
    subtotal = sum(line_subtotals, ZERO)
    discount_amount = _discount(subtotal, discount_type, discount_value, currency)
    after = subtotal - discount_amount

    order = _rates_in_order(lines)
    members: dict[frozenset[Rate], list[int]] = {}
    for index, line in enumerate(lines):
        members.setdefault(frozenset(line.tax_rates), []).append(index)
    group_subtotals = [sum((line_subtotals[index] for index in items), ZERO) for items in members.values()]
    shares = allocate(discount_amount, group_subtotals, currency)
    groups, pieces = [], []
    for (rate_set, items), group_subtotal, share in zip(members.items(), group_subtotals, shares):
        rates = tuple(sorted(rate_set, key=order.__getitem__))
        taxable = group_subtotal - share
        net = taxable
        if amounts_include_tax:
            net, taxes = inclusive_parts(taxable, rates, currency)
            pieces.extend(zip(rates, [net] * len(rates), taxes))
        groups.append(Group(rates, tuple(items), group_subtotal, share, taxable, net))
    if amounts_include_tax:
        breakdown = _summed(list(order), pieces)
        tax_amount = sum((entry.tax_amount for entry in breakdown), ZERO)
        total = after
    else:
        bases = {rate: sum((group.taxable for group in groups if rate in group.rates), ZERO) for rate in order}
        breakdown = tuple(TaxEntry(rate, base, round_money(base * rate.percentage / HUNDRED, currency))
                          for rate, base in bases.items())
        tax_amount = sum((entry.tax_amount for entry in breakdown), ZERO)
        total = after + tax_amount
    if total > MAX_AMOUNT:
        raise MoneyError("items", _("The invoice total exceeds 10^12."))
    return Totals(line_subtotals, subtotal, discount_amount, after, tax_amount, total,
                  amount_due(total, paid=amount_paid), breakdown, tuple(groups), amounts_include_tax)


@dataclass(frozen=True)
class CreditPart:
    """The part of a credit that falls on one of the invoice's groups: gross, net, each rate's tax."""
    rates: tuple[Rate, ...]
    amount: Decimal
    net: Decimal
    taxes: tuple[Decimal, ...]


@dataclass(frozen=True)
class CreditSplit:
    parts: tuple[CreditPart, ...]
    subtotal: Decimal       # the nets
    tax_amount: Decimal
    total: Decimal          # the amount credited
    tax_breakdown: tuple[TaxEntry, ...]


def split_credit(invoice: Totals, amount: Decimal, currency: str) -> CreditSplit:
    """A credit of ``amount`` (tax included) split over the invoice's rates in proportion to
    each one's share of the invoice's total, by largest remainder; each part's net and tax
    follow the inclusive rule (DESIGN §11), so the credit's breakdown mirrors the invoice's.

    A group's share of the total is its taxable amount plus, when the invoice's prices exclude
    tax, each of its rates' tax in proportion to the group's part of that rate's taxable amount
    (so the shares add up to the invoice's total exactly)."""
    if amount <= 0 or amount > invoice.total:
        raise MoneyError("amount", _("Must be more than 0 and at most the invoice's total (%(total)s).",
                                    total=plain(invoice.total)))
    by_rate = {entry.rate: entry for entry in invoice.tax_breakdown}
    weights = []
    for group in invoice.groups:
        weight = Fraction(group.taxable)
        if not invoice.amounts_include_tax:
            for rate in group.rates:
                entry = by_rate[rate]
                if entry.taxable_amount:
                    weight += Fraction(entry.tax_amount) * Fraction(group.taxable) / Fraction(entry.taxable_amount)
        weights.append(weight)
    parts, pieces = [], []
    for group, gross in zip(invoice.groups, allocate(amount, weights, currency)):
        if gross:
            net, taxes = inclusive_parts(gross, group.rates, currency)
            parts.append(CreditPart(group.rates, gross, net, taxes))
            pieces.extend(zip(group.rates, [net] * len(group.rates), taxes))
    order = list(by_rate)
    breakdown = _summed(order, pieces)
    tax_amount = sum((entry.tax_amount for entry in breakdown), ZERO)
    return CreditSplit(tuple(parts), total_excluding_tax(amount, tax_amount), tax_amount, amount, breakdown)


def total_of(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)
