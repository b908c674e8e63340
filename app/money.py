"""Pure money arithmetic: currencies' minor units, half-up rounding, invoice totals.

No Flask, no SQLAlchemy: every door (form preview, JSON API, PDF, public page) shows the
results of :func:`compute_totals`, so they can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Sequence

from babel.numbers import get_currency_precision
import pycountry

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
        raise MoneyError("currency", f"'{currency}' is not an ISO 4217 currency code.")
    return get_currency_precision(currency)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-minor_unit(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def to_decimal(value: object, field: str, *, places: int | None = None,
               minimum: Decimal | None = None, maximum: Decimal | None = MAX_AMOUNT,
               exclusive_minimum: bool = False) -> Decimal:
    """Parse ``value`` (Decimal, int or numeric string; never a float) with limits."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise MoneyError(field, "Must be a number.")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise MoneyError(field, "Must be a number.") from None
    if not number.is_finite():
        raise MoneyError(field, "Must be a finite number.")
    if minimum is not None:
        if exclusive_minimum and number <= minimum:
            raise MoneyError(field, f"Must be greater than {minimum}.")
        if number < minimum:
            raise MoneyError(field, f"Must be at least {minimum}.")
    if (maximum is not None and number > maximum) or number.adjusted() > 15:
        raise MoneyError(field, f"Must be at most {plain(maximum or MAX_AMOUNT)}.")
    if places is not None and number.as_tuple().exponent < -places and \
            number != number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise MoneyError(field, f"Must have at most {places} decimal places.")
    return number


def parse_amount(value: object, currency: str, field: str = "amount") -> Decimal:
    """A positive payment/refund amount in ``currency``'s minor unit."""
    return to_decimal(value, field, places=minor_unit(currency), minimum=ZERO, exclusive_minimum=True)


def plain(amount: Decimal) -> str:
    """The shortest exact decimal text: 8769.60 -> '8769.6', 8400.00 -> '8400'."""
    text = format(amount.normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class Totals:
    line_subtotals: tuple[Decimal, ...]
    subtotal: Decimal
    discount_amount: Decimal
    subtotal_after_discount: Decimal
    tax_amount: Decimal
    total: Decimal
    amount_due: Decimal


def validate_quantity(value: object, field: str = "quantity") -> Decimal:
    return to_decimal(value, field, places=QUANTITY_PLACES, minimum=ZERO, exclusive_minimum=True)


def validate_unit_price(value: object, field: str = "unit_price") -> Decimal:
    return to_decimal(value, field, places=QUANTITY_PLACES, minimum=ZERO)


def validate_line(quantity: object, unit_price: object, index: int | None = None) -> Line:
    prefix = "" if index is None else f"items[{index}]."
    return Line(quantity=validate_quantity(quantity, prefix + "quantity"),
                unit_price=validate_unit_price(unit_price, prefix + "unit_price"))


def validate_tax_rate(value: object) -> Decimal:
    return to_decimal(value, "tax_rate", places=TAX_RATE_PLACES, minimum=ZERO, maximum=HUNDRED)


def validate_discount(discount_type: object, value: object) -> tuple[str | None, Decimal]:
    blank = value is None or (isinstance(value, str) and not value.strip())
    if discount_type is None or discount_type == "":
        if not blank and to_decimal(value, "discount_value") != ZERO:
            raise MoneyError("discount_type", "Choose 'percentage' or 'fixed' to apply a discount.")
        return None, ZERO
    if discount_type not in DISCOUNT_TYPES:
        raise MoneyError("discount_type", "Must be 'percentage' or 'fixed'.")
    if blank:
        value = ZERO
    maximum = HUNDRED if discount_type == "percentage" else MAX_AMOUNT
    return discount_type, to_decimal(value, "discount_value", places=QUANTITY_PLACES, minimum=ZERO, maximum=maximum)


def compute_totals(lines: Sequence[Line], currency: str, *, discount_type: str | None = None,
                   discount_value: Decimal = ZERO, tax_rate: Decimal = ZERO,
                   amount_paid: Decimal = ZERO) -> Totals:
    """DESIGN §4, rounding half up to the minor unit at every step."""
    line_subtotals = tuple(round_money(line.quantity * line.unit_price, currency) for line in lines)
    for index, value in enumerate(line_subtotals):
        if value > MAX_AMOUNT:
            raise MoneyError(f"items[{index}].unit_price", "The line total exceeds 10^12.")
    subtotal = sum(line_subtotals, ZERO)
    if discount_type == "percentage":
        discount_amount = round_money(subtotal * discount_value / HUNDRED, currency)
    elif discount_type == "fixed":
        if discount_value > subtotal:
            raise MoneyError("discount_value", "A fixed discount cannot exceed the subtotal.")
        if round_money(discount_value, currency) != discount_value:
            raise MoneyError("discount_value", f"A fixed discount has at most {minor_unit(currency)} decimal places in {currency}.")
        discount_amount = discount_value
    else:
        discount_amount = ZERO
    after = subtotal - discount_amount
    tax_amount = round_money(after * tax_rate / HUNDRED, currency)
    total = after + tax_amount
    if total > MAX_AMOUNT:
        raise MoneyError("items", "The invoice total exceeds 10^12.")
    return Totals(line_subtotals, subtotal, discount_amount, after, tax_amount, total, total - amount_paid)
