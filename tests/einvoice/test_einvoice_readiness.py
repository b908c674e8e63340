"""What the formats need and a document lacks, named field by field."""
from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from app import money
from app.einvoice.amounts import AmountDoesNotFit, amount_text
from app.einvoice.document import CREDIT_NOTE, Party, VatCategory
from app.einvoice.figures import NotOneRate, credit_figures
from app.einvoice.readiness import Facts, gaps, gaps_for
from app.einvoice.ubl import build_ubl
from app.einvoice.validation import validate
from tests.einvoice.cases import BUYER, CASES, SELLER

S19 = VatCategory("S", D("19"))


def facts(**changes) -> Facts:
    base = Facts(SELLER, BUYER, ((S19,), (S19,)), (D("100.00"), D("19.00")), "EUR", "04011000-12345-03")
    return dataclasses.replace(base, **changes)


def fields(found) -> list[str]:
    return [gap.field for gap in found]


def test_a_complete_document_is_ready_for_every_format():
    assert gaps(facts()) == []


def test_seller_address_and_vat_id_buyer_address():
    contact = {"email": "a@b.example", "contact_name": "Anna", "contact_phone": "+49 30 1", "peppol_id": "0208:0403019261"}
    found = gaps(facts(seller=Party("Nordlicht", country="DE", **contact),
                       buyer=Party("Client", country=None, peppol_id="0208:0403019261")))
    assert fields(found) == ["seller.address_line1", "seller.city", "seller.postal_code", "seller.vat_id",
                             "buyer.address_line1", "buyer.city", "buyer.postal_code", "buyer.country"]
    assert fields(gaps_for(found, "ubl")) == ["seller.address_line1", "seller.city", "seller.vat_id",
                                              "buyer.address_line1", "buyer.city", "buyer.country"]


def test_reverse_charge_needs_the_buyer_vat_id():
    reverse = VatCategory("AE", D("0"), "Reverse charge")
    found = gaps(facts(line_rates=((reverse,),), buyer=dataclasses.replace(BUYER, vat_id=None)))
    assert fields(found) == ["buyer.vat_id"]


def test_each_line_needs_exactly_one_rate_of_a_sensible_kind():
    gst, qst = VatCategory("S", D("5")), VatCategory("S", D("9.975"))
    found = gaps(facts(line_rates=((gst, qst), (), (VatCategory("Z", D("7")),), (VatCategory("E", D("0")),),
                                   (VatCategory("S", D("0")),))))
    assert fields(found) == [f"items[{index}].tax_rates" for index in range(5)]
    assert "2 tax rates" in found[0].message and "0 tax rates" in found[1].message
    assert "0 %" in found[2].message and "exemption reason" in found[3].message and "above 0 %" in found[4].message


def test_bhd_amounts_with_fils_are_not_ready_but_whole_cents_are():
    assert fields(gaps(facts(currency="BHD", amounts=(D("12.345"),)))) == ["amounts"]
    assert gaps(facts(currency="BHD", amounts=(D("12.340"),))) == []
    with pytest.raises(AmountDoesNotFit):
        amount_text(D("12.345"), "BHD")
    assert amount_text(D("12.340"), "BHD") == "12.34"


def test_xrechnung_needs_the_buyer_reference():
    found = gaps(facts(buyer_reference=None))
    assert fields(found) == ["buyer_reference"]
    assert gaps_for(found, "facturx") == [] and gaps_for(found, "ubl") == []


def test_credit_note_from_an_amount_split_over_the_invoice_rates_validates():
    """DESIGN §11's cancellation/refund credit: an amount split over the invoice's rates."""
    case = CASES[1]
    totals = case.totals()
    split = money.split_credit(totals, D("50.00"), "EUR")
    vat_of = {group.rates[0]: VatCategory(group.rates[0].category, group.rates[0].percentage) for group in totals.groups}
    found = credit_figures(split, vat_of, "Credit on INV-2026-000042")
    document = dataclasses.replace(case.document(CREDIT_NOTE), lines=found.lines, allowances=found.allowances,
                                   tax_subtotals=found.tax_subtotals, totals=found.totals)
    report = validate(build_ubl(document))
    assert report.ok, report.summary()
    assert found.totals.grand_total == D("50.00")


def test_figures_refuse_a_line_with_two_rates():
    gst, qst = money.Rate("a", "GST", D("5")), money.Rate("b", "QST", D("9.975"))
    totals = money.compute_totals([money.Line(D(1), D(100), (gst, qst))], "CAD")
    from app.einvoice.figures import Item, document_figures
    with pytest.raises(NotOneRate):
        document_figures([Item("x", D(1), D(100), VatCategory("S", D("5")))], totals, "CAD")


def test_xrechnung_needs_the_seller_contact_and_peppol_both_electronic_addresses():
    seller = dataclasses.replace(SELLER, contact_name=None, contact_phone=None, email=None, peppol_id=None)
    found = gaps(facts(seller=seller, buyer=dataclasses.replace(BUYER, peppol_id=None)))
    assert fields(gaps_for(found, "xrechnung")) == ["seller.contact_name", "seller.contact_phone", "seller.email"]
    assert fields(gaps_for(found, "ubl")) == ["seller.peppol_id", "buyer.peppol_id"]
    assert gaps_for(found, "facturx") == []
    no_address = gaps(facts(buyer=dataclasses.replace(BUYER, peppol_id=None, email=None)))
    assert fields(no_address) == ["buyer.email", "buyer.peppol_id"]
    assert "contact name" in found[0].message and "Peppol id" in found[3].message


def test_no_bank_account_is_a_note_that_stops_no_format():
    from app.einvoice.readiness import notes
    assert notes(facts()) == []
    [note] = notes(facts(missing_account=True))
    assert note.field == "bank_account" and "payment means code 1" in note.message
    assert gaps(facts(missing_account=True)) == []


def test_the_electronic_address_is_the_given_peppol_id_else_the_vat_ids():
    from app.einvoice.description import account_of, parties_of
    seller, buyer, reference = parties_of(
        {"name": "Nordlicht", "vat_id": "DE123456789", "country": "DE", "peppol_id": None},
        {"name": "Widgets", "legal_vat": "BE0403019261", "country": "BE", "peppol_id": "0208:0403019261",
         "buyer_reference": "PO 7"})
    assert (seller.peppol_id, buyer.peppol_id, reference) == ("9930:DE123456789", "0208:0403019261", "PO 7")
    _, nobody, _ = parties_of({"name": "x"}, {"name": "US client", "country": "US", "legal_vat": None})
    assert nobody.peppol_id is None
    assert account_of(None) is None and account_of({"iban": None, "account_number": None}) is None
    account = account_of({"account_holder": "N", "iban": None, "account_number": "123", "routing_number": "021000021"})
    assert (account.means_code, account.identifier, account.institution) == ("30", "123", "021000021")
