"""DESIGN §10 totals with tax rates and §11's split of a credit, one table per rule."""
from decimal import Decimal as D

import pytest

from app import money
from app.money import Line, MoneyError, Rate, compute_totals, split_credit

VAT19 = Rate("txr_vat19000000", "VAT", D(19))
VAT7 = Rate("txr_vat07000000", "VAT", D(7))
GST = Rate("txr_gst00000000", "GST", D(5))
QST = Rate("txr_qst00000000", "QST", D("9.975"))
EXEMPT = Rate("txr_exempt00000", "Exempt", D(0), "E")


def breakdown(totals):
    return [(entry.tax_rate_id, entry.name, entry.percentage, entry.category, entry.taxable_amount, entry.tax_amount)
            for entry in totals.tax_breakdown]


def test_two_vat_rates():
    totals = compute_totals([Line(D(1), D("100.00"), (VAT19,)), Line(D(2), D("10.50"), (VAT7,))], "EUR")
    assert breakdown(totals) == [(VAT19.id, "VAT", D(19), "S", D("100.00"), D("19.00")),
                                 (VAT7.id, "VAT", D(7), "S", D("21.00"), D("1.47"))]
    assert (totals.subtotal, totals.tax_amount, totals.total, totals.total_excluding_tax) == (
        D("121.00"), D("20.47"), D("141.47"), D("121.00"))
    assert totals.only_rate is None


def test_fixed_discount_is_shared_over_the_groups():
    totals = compute_totals([Line(D(1), D("100.00"), (VAT19,)), Line(D(2), D("10.50"), (VAT7,))], "EUR",
                            discount_type="fixed", discount_value=D("10.00"))
    assert [group.discount_share for group in totals.groups] == [D("8.26"), D("1.74")]
    assert [entry.tax_amount for entry in totals.tax_breakdown] == [D("17.43"), D("1.35")]
    assert [entry.taxable_amount for entry in totals.tax_breakdown] == [D("91.74"), D("19.26")]
    assert totals.total == D("129.78") and totals.total_excluding_tax == D("111.00")


def test_gst_and_qst_on_one_item():
    totals = compute_totals([Line(D(1), D("100.00"), (GST, QST))], "CAD")
    assert [(e.name, e.taxable_amount, e.tax_amount) for e in totals.tax_breakdown] == [
        ("GST", D("100.00"), D("5.00")), ("QST", D("100.00"), D("9.98"))]
    assert totals.total == D("114.98")


def test_prices_including_tax():
    totals = compute_totals([Line(D(3), D("9.99"), (VAT19,))], "EUR", amounts_include_tax=True)
    assert (totals.subtotal, totals.total, totals.tax_amount, totals.total_excluding_tax) == (
        D("29.97"), D("29.97"), D("4.79"), D("25.18"))
    assert breakdown(totals) == [(VAT19.id, "VAT", D(19), "S", D("25.18"), D("4.79"))]


def test_prices_including_two_rates_the_last_takes_the_rest():
    # 114.98 gross: net round(114.98 / 1.14975) = 100.00; GST round(100 × 5 %) = 5.00; QST the rest 9.98
    totals = compute_totals([Line(D(1), D("114.98"), (GST, QST))], "CAD", amounts_include_tax=True)
    assert [(e.taxable_amount, e.tax_amount) for e in totals.tax_breakdown] == [
        (D("100.00"), D("5.00")), (D("100.00"), D("9.98"))]
    assert totals.total == D("114.98") and totals.total_excluding_tax == D("100.00")


def test_inclusive_rest_never_goes_below_zero():
    # 0.04 at 50 % + 1 %: net round(0.04 / 1.51) = 0.03, tax 0.01; 50 % of 0.03 rounds to 0.02 > 0.01
    big, small = Rate("txr_a", "A", D(50)), Rate("txr_b", "B", D(1))
    net, taxes = money.inclusive_parts(D("0.04"), (big, small), "EUR")
    assert net == D("0.03") and taxes == (D("0.01"), D("0.00"))
    # a 0 % rate after the others never takes a rounding rest
    net, taxes = money.inclusive_parts(D("10.00"), (VAT7, EXEMPT), "EUR")
    assert net == D("9.35") and taxes == (D("0.65"), D("0.00"))


def test_seed_tax_rate_is_one_unnamed_rate():
    totals = compute_totals([Line(D(40), D(150)), Line(D(20), D(120))], "USD", discount_type="percentage",
                            discount_value=D(10), tax_rate=D(16), tax_name="VAT")
    assert breakdown(totals) == [(None, "VAT", D(16), "S", D("7560.00"), D("1209.60"))]
    assert totals.total == D("8769.60") and totals.total_excluding_tax == D("7560.00")
    assert totals.only_rate == money.unnamed_rate(D(16), "VAT")
    zero = compute_totals([Line(D(1), D(5))], "USD")
    assert breakdown(zero) == [(None, None, D(0), "Z", D("5.00"), D("0.00"))]
    assert compute_totals([], "USD", tax_rate=D(16)).tax_breakdown == ()


def test_rates_are_listed_in_order_of_first_use():
    totals = compute_totals([Line(D(1), D(10), (VAT7,)), Line(D(1), D(10), (GST, VAT19)),
                             Line(D(1), D(10), (VAT19,))], "EUR")
    assert [entry.rate for entry in totals.tax_breakdown] == [VAT7, GST, VAT19]
    # a group's rates are in that order whatever the item says
    first = compute_totals([Line(D(1), D(1), (QST, VAT7)), Line(D(1), D(1), (GST, VAT19, VAT7)),
                            Line(D(1), D(1), (VAT19, QST, GST))], "CAD")
    assert [group.rates for group in first.groups] == [(QST, VAT7), (VAT7, GST, VAT19), (QST, GST, VAT19)]
    # VAT19 is rounded once over both groups carrying it: 19 % of 20.00
    assert totals.tax_breakdown[2].taxable_amount == D("20.00") and totals.tax_breakdown[2].tax_amount == D("3.80")


def test_items_with_the_same_set_of_rates_form_one_group():
    totals = compute_totals([Line(D(1), D(10), (GST, QST)), Line(D(1), D(5), (VAT7,)),
                             Line(D(1), D(20), (QST, GST))], "CAD")
    assert [(group.items, group.subtotal) for group in totals.groups] == [((0, 2), D("30.00")), ((1,), D("5.00"))]


def test_tax_is_rounded_once_per_rate_not_per_line():
    # three lines of 0.10 at 5 %: per line 0.005 -> 0.01 each (0.03); once over 0.30 -> 0.02
    lines = [Line(D(1), D("0.10"), (GST,))] * 3
    assert compute_totals(lines, "CAD").tax_amount == D("0.02")


@pytest.mark.parametrize("subtotals, discount, currency, shares", [
    # ties go to the group whose first item comes first
    ((D(1), D(1)), D("0.01"), "EUR", (D("0.01"), D("0.00"))),
    ((D(1), D(1), D(1)), D("0.02"), "EUR", (D("0.01"), D("0.01"), D("0.00"))),
    # largest remainder wins over order: 1/3 of 0.02 is 0.0067 (remainder .67) vs 2/3 is 0.0133 (.33)
    ((D(1), D(2)), D("0.02"), "EUR", (D("0.01"), D("0.01"))),
    ((D(100), D(21)), D(10), "EUR", (D("8.26"), D("1.74"))),
    ((D(1000), D(500), D(1)), D(7), "JPY", (D(5), D(2), D(0))),
    ((D("0.333"), D("0.333"), D("0.334")), D("0.001"), "BHD", (D("0.000"), D("0.000"), D("0.001"))),
    ((D(0), D(5)), D("5.00"), "EUR", (D("0.00"), D("5.00"))),
    ((), D(0), "EUR", ()),
])
def test_allocate_by_largest_remainder(subtotals, discount, currency, shares):
    result = money.allocate(discount, subtotals, currency)
    assert result == shares and sum(result, D(0)) == discount


def test_allocate_refuses_what_it_cannot_split():
    with pytest.raises(MoneyError):
        money.allocate(D("0.005"), (D(1),), "EUR")
    with pytest.raises(MoneyError):
        money.allocate(D("1.00"), (D(0), D(0)), "EUR")
    assert money.allocate(D(0), (D(0),), "EUR") == (D("0.00"),)


@pytest.mark.parametrize("currency, lines, kw, tax, total", [
    # JPY: 10 % of 1,500 and 8 % of 980 (food), rounded per rate
    ("JPY", [Line(D(3), D(500), (Rate("t1", "消費税", D(10)),)), Line(D(1), D(980), (Rate("t2", "軽減", D(8)),))],
     {}, D(228), D(2708)),
    # JPY with a fixed discount of 99: shares 60 / 39 -> taxable 1440 and 941
    ("JPY", [Line(D(3), D(500), (Rate("t1", "a", D(10)),)), Line(D(1), D(980), (Rate("t2", "b", D(8)),))],
     {"discount_type": "fixed", "discount_value": D(99)}, D(144) + D(75), D(2381) + D(144) + D(75)),
    # BHD three decimals: 10 % of 1.234 -> 0.123; 5 % of 0.567 -> 0.028 (0.02835)
    ("BHD", [Line(D(1), D("1.234"), (Rate("b1", "VAT", D(10)),)), Line(D(1), D("0.567"), (Rate("b2", "VAT", D(5)),))],
     {}, D("0.151"), D("1.952")),
    # BHD prices including 10 %: 1.100 -> net 1.000, tax 0.100
    ("BHD", [Line(D(1), D("1.100"), (Rate("b1", "VAT", D(10)),))], {"amounts_include_tax": True}, D("0.100"), D("1.100")),
])
def test_jpy_and_bhd(currency, lines, kw, tax, total):
    totals = compute_totals(lines, currency, **kw)
    assert (totals.tax_amount, totals.total) == (tax, total)
    for entry in totals.tax_breakdown:
        assert entry.tax_amount == money.round_money(entry.tax_amount, currency)


def test_items_without_rates_beside_items_with_rates_carry_no_tax():
    totals = compute_totals([Line(D(1), D(100), (VAT19,)), Line(D(1), D(50))], "EUR",
                            discount_type="percentage", discount_value=D(10))
    assert [group.discount_share for group in totals.groups] == [D("10.00"), D("5.00")]
    assert breakdown(totals) == [(VAT19.id, "VAT", D(19), "S", D("90.00"), D("17.10"))]
    assert totals.total == D("152.10")


@pytest.mark.parametrize("lines, kw, field", [
    ([Line(D(1), D(1), (VAT19,))], {"tax_rate": D(16)}, "tax_rate"),
    ([Line(D(1), D(1), (VAT19,))], {"tax_rate": D(0)}, "tax_rate"),
    ([Line(D(1), D(1), (VAT19, VAT19))], {}, "items[0].tax_rates"),
    ([Line(D(1), D(1)), Line(D(1), D(1), (VAT19, VAT7, GST, QST))], {}, "items[1].tax_rates"),
])
def test_refused_rate_combinations(lines, kw, field):
    with pytest.raises(MoneyError) as error:
        compute_totals(lines, "EUR", **kw)
    assert error.value.field == field


def test_exclusive_total_beyond_limit_is_refused():
    with pytest.raises(MoneyError):
        compute_totals([Line(D(1), D(10) ** 12, (VAT19,))], "EUR")
    assert compute_totals([Line(D(1), D(10) ** 12, (VAT19,))], "EUR", amounts_include_tax=True).total == D(10) ** 12


def test_credit_split_follows_the_rates_shares_of_the_total():
    invoice = compute_totals([Line(D(1), D("100.00"), (VAT19,)), Line(D(2), D("10.50"), (VAT7,))], "EUR")
    # shares of 141.47: 119.00 and 22.47
    whole = split_credit(invoice, D("141.47"), "EUR")
    assert [(p.amount, p.net, p.taxes) for p in whole.parts] == [
        (D("119.00"), D("100.00"), (D("19.00"),)), (D("22.47"), D("21.00"), (D("1.47"),))]
    assert [(e.rate, e.taxable_amount, e.tax_amount) for e in whole.tax_breakdown] == [
        (VAT19, D("100.00"), D("19.00")), (VAT7, D("21.00"), D("1.47"))]
    assert (whole.subtotal, whole.tax_amount, whole.total) == (D("121.00"), D("20.47"), D("141.47"))
    # 50.00: 119/141.47 -> 42.0584.. = 42.06 ; 22.47/141.47 -> 7.9416.. = 7.94
    half = split_credit(invoice, D("50.00"), "EUR")
    assert [(p.amount, p.net, p.taxes) for p in half.parts] == [
        (D("42.06"), D("35.34"), (D("6.72"),)), (D("7.94"), D("7.42"), (D("0.52"),))]
    assert half.subtotal + half.tax_amount == half.total == D("50.00")


def test_credit_split_with_two_rates_on_one_group_and_inclusive_invoices():
    quebec = compute_totals([Line(D(1), D("100.00"), (GST, QST))], "CAD")
    split = split_credit(quebec, D("114.98"), "CAD")
    assert [(e.name, e.taxable_amount, e.tax_amount) for e in split.tax_breakdown] == [
        ("GST", D("100.00"), D("5.00")), ("QST", D("100.00"), D("9.98"))]
    inclusive = compute_totals([Line(D(3), D("9.99"), (VAT19,))], "EUR", amounts_include_tax=True)
    assert split_credit(inclusive, D("29.97"), "EUR").tax_breakdown == inclusive.tax_breakdown
    small = split_credit(inclusive, D("0.01"), "EUR")
    assert [(p.amount, p.net, p.taxes) for p in small.parts] == [(D("0.01"), D("0.01"), (D("0.00"),))]


def test_credit_split_leaves_out_groups_that_get_nothing():
    invoice = compute_totals([Line(D(1), D("1000.00"), (VAT19,)), Line(D(1), D("0.01"), (VAT7,))], "EUR")
    split = split_credit(invoice, D("1.00"), "EUR")
    assert [p.rates for p in split.parts] == [(VAT19,)] and [e.rate for e in split.tax_breakdown] == [VAT19]


@pytest.mark.parametrize("amount", [D(0), D("-1.00"), D("141.48"), D("0.001")])
def test_credit_split_refuses_bad_amounts(amount):
    invoice = compute_totals([Line(D(1), D("100.00"), (VAT19,)), Line(D(2), D("10.50"), (VAT7,))], "EUR")
    with pytest.raises(MoneyError) as error:
        split_credit(invoice, amount, "EUR")
    assert error.value.field == "amount"
