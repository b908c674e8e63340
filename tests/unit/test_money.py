"""The pure money module: one table per rule."""
from decimal import Decimal as D

import pytest

from app import money
from app.money import Line, MoneyError, compute_totals


def test_module_is_pure():
    import app.money as module
    source = open(module.__file__).read()
    assert "flask" not in source.lower().replace("no flask", "")
    assert "sqlalchemy" not in source.lower().replace("no sqlalchemy", "")


def test_seed_example():
    totals = compute_totals([Line(D(40), D(150)), Line(D(20), D(120))], "USD",
                            discount_type="percentage", discount_value=D(10), tax_rate=D(16))
    assert totals.line_subtotals == (D("6000.00"), D("2400.00"))
    assert (totals.subtotal, totals.discount_amount, totals.subtotal_after_discount,
            totals.tax_amount, totals.total, totals.amount_due) == (
        D(8400), D(840), D(7560), D("1209.60"), D("8769.60"), D("8769.60"))
    assert money.plain(totals.total) == "8769.6"
    assert money.plain(totals.subtotal) == "8400"


@pytest.mark.parametrize("amount, currency, expected", [
    (D("0.005"), "USD", D("0.01")),
    (D("0.0049"), "USD", D("0.00")),
    (D("2.675"), "USD", D("2.68")),      # a float would give 2.67
    (D("-0.005"), "USD", D("-0.01")),    # half away from zero
    (D("0.5"), "JPY", D("1")),
    (D("1.4999"), "JPY", D("1")),
    (D("0.0005"), "BHD", D("0.001")),
    (D("1.2344"), "BHD", D("1.234")),
])
def test_round_half_up_to_minor_unit(amount, currency, expected):
    assert money.round_money(amount, currency) == expected


@pytest.mark.parametrize("currency, digits", [("USD", 2), ("EUR", 2), ("JPY", 0), ("BHD", 3), ("KWD", 3), ("CLP", 0)])
def test_minor_units(currency, digits):
    assert money.minor_unit(currency) == digits


@pytest.mark.parametrize("lines, currency, kw, expected_total", [
    # each line rounds before summing: 3 x 0.333 = 0.999 -> 1.00; twice -> 2.00
    ([Line(D(3), D("0.333")), Line(D(3), D("0.333"))], "USD", {}, D("2.00")),
    # JPY: 1.5 x 101 = 151.5 -> 152; tax 10 % of 152 = 15.2 -> 15
    ([Line(D("1.5"), D(101))], "JPY", {"tax_rate": D(10)}, D(167)),
    # BHD: 3 decimals; 7.5 % tax of 10.001 = 0.750075 -> 0.750
    ([Line(D(1), D("10.001"))], "BHD", {"tax_rate": D("7.5")}, D("10.751")),
    # fixed discount then tax
    ([Line(D(2), D(50))], "USD", {"discount_type": "fixed", "discount_value": D("12.50"), "tax_rate": D(20)}, D("105.00")),
    # fixed discount equal to the subtotal
    ([Line(D(1), D(10))], "USD", {"discount_type": "fixed", "discount_value": D(10)}, D(0)),
    # percentage discount rounds half up: 33.335 % of 1 -> 0.33335 -> 0.33
    ([Line(D(1), D(1))], "USD", {"discount_type": "percentage", "discount_value": D("33.335")}, D("0.67")),
    ([], "USD", {}, D(0)),
])
def test_totals_table(lines, currency, kw, expected_total):
    assert compute_totals(lines, currency, **kw).total == expected_total


def test_point_one_plus_point_two_stays_exact():
    totals = compute_totals([Line(D(1), D("0.1")), Line(D(1), D("0.2"))], "USD")
    assert totals.total == D("0.3")
    assert money.plain(totals.total) == "0.3"


def test_amount_paid_reduces_amount_due():
    totals = compute_totals([Line(D(1), D(100))], "USD", amount_paid=D("40.10"))
    assert totals.amount_due == D("59.90")


@pytest.mark.parametrize("quantity, unit_price, field", [
    (0, 1, "quantity"), (-1, 1, "quantity"), ("1.00001", 1, "quantity"), ("abc", 1, "quantity"),
    (1, -1, "unit_price"), (1, "1.00001", "unit_price"), (1, 10**12 + 1, "unit_price"),
    (1.5, 1, "quantity"), (True, 1, "quantity"), (None, 1, "quantity"), ("NaN", 1, "quantity"),
    ("Infinity", 1, "quantity"), (1, "1e400", "unit_price"),
])
def test_line_limits(quantity, unit_price, field):
    with pytest.raises(MoneyError) as error:
        money.validate_line(quantity, unit_price)
    assert error.value.field == field


@pytest.mark.parametrize("value, ok", [(0, True), (100, True), ("16.125", True), ("16.1255", False),
                                       (-1, False), ("100.001", False), ("x", False)])
def test_tax_rate_limits(value, ok):
    if ok:
        assert money.validate_tax_rate(value) == D(str(value))
    else:
        with pytest.raises(MoneyError):
            money.validate_tax_rate(value)


@pytest.mark.parametrize("discount_type, value, ok", [
    ("percentage", 100, True), ("percentage", "100.01", False), ("percentage", -1, False),
    ("fixed", 5, True), ("bogus", 5, False), (None, 5, False), (None, None, True),
    (None, D("sNaN"), False), ("fixed", D("sNaN"), False), (None, "0", True), ("", " ", True),
])
def test_discount_limits(discount_type, value, ok):
    if ok:
        money.validate_discount(discount_type, value)
    else:
        with pytest.raises(MoneyError):
            money.validate_discount(discount_type, value)


def test_fixed_discount_above_subtotal_is_refused():
    with pytest.raises(MoneyError) as error:
        compute_totals([Line(D(1), D(10))], "USD", discount_type="fixed", discount_value=D("10.01"))
    assert error.value.field == "discount_value"


def test_total_beyond_limit_is_refused():
    with pytest.raises(MoneyError):
        compute_totals([Line(D(1), D(10**12)), Line(D(1), D(1))], "USD")


def test_unknown_currency_is_refused():
    with pytest.raises(MoneyError):
        money.minor_unit("XYZ")


@pytest.mark.parametrize("value, text", [(D("8769.60"), "8769.6"), (D("8400.0000"), "8400"), (D("0"), "0"),
                                         (D("0.30"), "0.3"), (D("1E+3"), "1000"), (D("-0.00"), "0")])
def test_plain(value, text):
    assert money.plain(value) == text
