"""Amounts as a payment provider takes them (DESIGN §16): minor units by the currency's own
exponent, and what was paid beyond what was asked."""
from decimal import Decimal

import pytest

from app import money


@pytest.mark.parametrize(("amount", "currency", "units"), [
    ("12.34", "EUR", 1234), ("0.01", "USD", 1), ("500", "JPY", 500), ("1.234", "BHD", 1234), ("0", "EUR", 0),
    ("1000000.00", "EUR", 100000000),
])
def test_minor_units_follow_the_currencys_exponent_and_come_back(amount, currency, units):
    assert money.to_minor_units(Decimal(amount), currency) == units
    assert money.from_minor_units(units, currency) == Decimal(amount)


def test_an_amount_finer_than_the_currency_is_refused_rather_than_rounded():
    with pytest.raises(money.MoneyError):
        money.to_minor_units(Decimal("12.345"), "EUR")
    with pytest.raises(money.MoneyError):
        money.to_minor_units(Decimal("1.5"), "JPY")


def test_overpaid_is_what_net_payments_exceed_the_total_less_credits():
    assert money.amount_overpaid(Decimal("100"), paid=Decimal("100")) == 0
    assert money.amount_overpaid(Decimal("100"), paid=Decimal("130")) == Decimal("30")
    assert money.amount_overpaid(Decimal("100"), paid=Decimal("130"), refunded=Decimal("30")) == 0
    assert money.amount_overpaid(Decimal("100"), credited=Decimal("40"), paid=Decimal("100")) == Decimal("40")
    assert money.amount_overpaid(Decimal("100"), paid=Decimal("20")) == 0
