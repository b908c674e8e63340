"""The figures every door shows, each one formula of the money module (and the e-invoice's
amount due, a name of its own): what each gives, and that the totals use them."""
from decimal import Decimal as D

from app import money
from app.einvoice.figures import amount_due_for_payment
from app.money import Line, Rate, compute_totals

VAT = Rate("txr_vat", "VAT", D(19))
REDUCED = Rate("txr_red", "VAT", D(7))


def test_total_excluding_tax_is_the_total_without_its_tax():
    assert money.total_excluding_tax(D("129.78"), D("18.78")) == D("111.00")
    inclusive = compute_totals([Line(D(1), D("114.98"), (VAT,))], "EUR", amounts_include_tax=True)
    assert inclusive.total_excluding_tax == money.total_excluding_tax(inclusive.total, inclusive.tax_amount) == D(
        "96.62")


def test_a_credit_split_takes_its_subtotal_from_the_same_formula():
    invoice = compute_totals([Line(D(1), D(1000), (VAT,)), Line(D(1), D(500), (REDUCED,))], "EUR")
    split = money.split_credit(invoice, D(100), "EUR")
    assert split.subtotal == money.total_excluding_tax(split.total, split.tax_amount) == D("86.95")


def test_only_rate_is_the_one_rate_every_item_carries_alone():
    assert money.only_rate([(VAT,), (VAT,)]) == VAT
    assert money.only_rate([(VAT,), (REDUCED,)]) is None
    assert money.only_rate([(VAT, REDUCED)]) is None
    assert money.only_rate([(VAT,), ()]) is None
    assert money.only_rate([]) is None
    assert money.only_rate([(VAT,), (Rate("txr_vat", "VAT", D(20)),)]) is None  # the same id, another copy


def test_single_tax_rate_is_the_document_rate_unless_the_items_name_theirs():
    assert money.single_tax_rate([(), ()], D(16)) == D(16)
    assert money.single_tax_rate([], D(16)) == D(16)
    assert money.single_tax_rate([(VAT,), (VAT,)], D(0)) == D(19)
    assert money.single_tax_rate([(VAT,), (REDUCED,)], D(0)) is None
    assert money.single_tax_rate([(VAT,), ()], D(0)) is None


def test_totals_give_the_single_tax_rate_of_their_items():
    unnamed = compute_totals([Line(D(2), D(10))], "EUR", tax_rate=D(16))
    assert (unnamed.single_tax_rate, unnamed.only_rate) == (D(16), money.unnamed_rate(D(16)))
    named = compute_totals([Line(D(2), D(10), (VAT,)), Line(D(1), D(5), (VAT,))], "EUR")
    assert named.single_tax_rate == D(19)
    mixed = compute_totals([Line(D(2), D(10), (VAT,)), Line(D(1), D(5), (REDUCED,))], "EUR")
    assert mixed.single_tax_rate is None and mixed.only_rate is None


def test_amount_due_takes_off_credits_and_payments_net_of_refunds_never_below_zero():
    assert money.net_paid(D(50), D(20)) == D(30)
    assert money.amount_due(D(100)) == D(100)
    assert money.amount_due(D(100), credited=D(10), paid=D(50), refunded=D(20)) == D(60)
    assert money.amount_due(D(100), credited=D(100), paid=D(30), refunded=D(0)) == D(0)
    assert compute_totals([Line(D(1), D(100))], "USD", amount_paid=D("40.10")).amount_due == D("59.90")


def test_the_e_invoice_says_due_its_total_less_what_was_paid_credits_not_taken_off():
    assert amount_due_for_payment(D("129.78"), money.net_paid(D(100), D(40))) == D("69.78")
    assert amount_due_for_payment(D("129.78"), money.ZERO) == D("129.78")
