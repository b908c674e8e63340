"""How amounts, quantities and rates are written in the XML: EN 16931 allows at most two
decimals for amounts, so a currency with more (BHD, 3) is written with two and an amount
that does not fit them cannot be written at all (the readiness check says so first)."""
from __future__ import annotations

from decimal import Decimal

from app import money

MAX_AMOUNT_PLACES = 2


class AmountDoesNotFit(ValueError):
    """An amount with more decimals than EN 16931 allows."""


def places(currency: str) -> int:
    return min(money.minor_unit(currency), MAX_AMOUNT_PLACES)


def fits(amount: Decimal, currency: str) -> bool:
    return amount == amount.quantize(Decimal(1).scaleb(-places(currency)))


def amount_text(amount: Decimal, currency: str) -> str:
    """``amount`` with the currency's decimals, never more than two (JPY '1000', EUR '19.00')."""
    if not fits(amount, currency):
        raise AmountDoesNotFit(f"{amount} {currency} has more than {places(currency)} decimals.")
    return format(amount.quantize(Decimal(1).scaleb(-places(currency))), "f")


def number_text(value: Decimal) -> str:
    """A quantity, a price or a percentage, exact and without trailing zeros ('19', '2.5')."""
    return money.plain(value)
