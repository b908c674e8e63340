"""The words an invoice prints about its parties and taxes (app/presentation.py), the free-text
address rule (app/services/addresses.py) and the buyer read from an old snapshot
(app/services/parties.py): pure functions, no database."""
from datetime import date, datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.presentation import address_lines, client_wording, supply_wording, tax_notes, tax_summary
from app.services.addresses import joined, split_free_text
from app.services.parties import SELLER_KEYS, buyer_of


@pytest.mark.parametrize("text, lines", [
    (None, (None, None)), ("", (None, None)), (" \n \n", (None, None)),
    ("1 Main Street", ("1 Main Street", None)),
    ("1 Main Street\nSpringfield, IL", ("1 Main Street", "Springfield, IL")),
    ("  A  \r\n\r\nB\n C \n", ("A", "B, C")),
])
def test_free_text_becomes_two_lines(text, lines):
    assert split_free_text(text) == lines


def test_lines_join_back():
    assert joined("A", None, "B") == "A\nB" and joined(None, None) is None


def test_address_lines_print_what_is_there():
    party = {"address_line1": "Hauptstraße 1", "address_line2": None, "postal_code": "10115", "city": "Berlin",
             "region": None, "country": "DE"}
    assert address_lines(party) == ["Hauptstraße 1", "10115 Berlin", "Germany"]
    assert address_lines(party, "de_DE")[-1] == "Deutschland"
    assert address_lines(SimpleNamespace(address_line1=None, address_line2=None, postal_code=None, city="Paris",
                                         region="Île-de-France", country=None)) == ["Paris", "Île-de-France"]
    assert address_lines({}) == []


def _document(**fields):
    base = {"issue_date": date(2025, 4, 15), "supply_date": None, "supply_period_start": None,
            "supply_period_end": None, "seller_snapshot": {"country": "DE"},
            "company": SimpleNamespace(**dict.fromkeys(SELLER_KEYS))}
    return SimpleNamespace(**{**base, **fields})


def test_supply_wording():
    assert supply_wording(_document()) == "Supply date: Apr 15, 2025"
    assert supply_wording(_document(supply_date=date(2025, 4, 1))) == "Supply date: Apr 1, 2025"
    period = _document(supply_period_start=date(2025, 3, 1), supply_period_end=date(2025, 3, 31))
    assert supply_wording(period) == "Supply period: Mar 1, 2025 – Mar 31, 2025"
    assert supply_wording(period, "de_DE") == "Supply period: 01.03.2025 – 31.03.2025"


def test_the_supply_date_line_only_where_the_sellers_country_asks_for_it():
    """Issue 24 #20: the EU and the UK print the issue date as the supply date; a US seller's
    invoice says nothing of it unless a date or period was given."""
    for country in ("DE", "FR", "GB", None):
        assert supply_wording(_document(seller_snapshot={"country": country})) == "Supply date: Apr 15, 2025"
    us = {"seller_snapshot": {"country": "US"}}
    assert supply_wording(_document(**us)) is None
    assert supply_wording(_document(supply_date=date(2025, 4, 1), **us)) == "Supply date: Apr 1, 2025"
    period = _document(supply_period_start=date(2025, 3, 1), supply_period_end=date(2025, 3, 31), **us)
    assert supply_wording(period) == "Supply period: Mar 1, 2025 – Mar 31, 2025"


def _item(*rates):
    return SimpleNamespace(tax_rates=list(rates))


def _rate(category, reason=None, percentage="0"):
    return {"id": "txr_x", "name": "VAT", "percentage": percentage, "category": category, "exemption_reason": reason}


def test_tax_notes_one_per_category_and_reason():
    items = [_item(_rate("S", percentage="19")), _item(_rate("AE", "Article 196")), _item(_rate("AE", "Article 196")),
             _item(_rate("E", "Exempt under Article 132")), _item(_rate("Z")), _item(),
             SimpleNamespace(tax_rates=None), _item(_rate("K", "Intra-community supply (Art. 138)"))]
    assert tax_notes(items) == [
        {"category": "AE", "label": "Reverse charge", "reason": "Article 196"},
        {"category": "E", "label": None, "reason": "Exempt under Article 132"},  # the reason says it already
        {"category": "K", "label": None, "reason": "Intra-community supply (Art. 138)"},
    ]
    assert tax_notes([_item(_rate("S", percentage="7"))]) == []


def test_tax_summary_reads_the_stored_breakdown_or_the_old_single_rate():
    stored = SimpleNamespace(tax_breakdown=[
        {"tax_rate_id": "txr_a", "name": "VAT", "percentage": "19", "category": "S", "taxable_amount": "100",
         "tax_amount": "19"},
        {"tax_rate_id": "txr_b", "name": "VAT", "percentage": "0", "category": "AE", "taxable_amount": "50",
         "tax_amount": "0"}])
    rows = tax_summary(stored)
    assert [(row["label"], row["taxable_amount"], row["tax_amount"]) for row in rows] == [
        ("VAT 19%", Decimal("100"), Decimal("19")), ("VAT 0% (reverse charge)", Decimal("50"), Decimal("0"))]
    old = SimpleNamespace(tax_breakdown=None, tax_rate=Decimal("16"), tax_id=None,
                          subtotal_after_discount=Decimal("7560.00"), tax_amount=Decimal("1209.60"))
    assert [(row["label"], row["taxable_amount"], row["tax_amount"]) for row in tax_summary(old)] == [
        ("Tax 16%", Decimal("7560.00"), Decimal("1209.60"))]


def _invoice(status, **fields):
    base = {"status": status, "due_date": date(2025, 5, 15), "cancelled_at": None, "cancellation_reason": None,
            "amount_refunded": Decimal(0), "currency": "USD", "paid_at": None}
    return SimpleNamespace(**{**base, **fields})


def test_client_wording_per_status():
    assert client_wording(_invoice("sent"))["due_line"] == "Due May 15, 2025"
    assert client_wording(_invoice("draft"))["draft"] is True
    paid = client_wording(_invoice("paid", paid_at=datetime(2025, 5, 1, 12, tzinfo=timezone.utc)))
    assert paid["due_label"] == "Paid in full" and paid["due_line"].startswith("Paid May 1, 2025")
    cancelled = client_wording(_invoice("cancelled", cancellation_reason="Duplicate"))
    assert (cancelled["notice"], cancelled["reason"]) == ("cancelled", "Duplicate")
    assert cancelled["notice_line"] == "This invoice was cancelled; no payment is due."
    refunded = client_wording(_invoice("refunded", amount_refunded=Decimal("12.5")))
    assert refunded["notice_body"] == "$12.50 was returned."


def test_buyer_of_an_old_snapshot_gains_the_new_keys():
    old = SimpleNamespace(billing_snapshot={
        "name": "Acme", "legal_name": None, "legal_address": "500 Market St\nSuite 3", "legal_vat": None,
        "city": "San Francisco", "zipcode": "94105", "country": "US", "contact_email": None}, customer=None)
    buyer = buyer_of(old)
    assert (buyer["address_line1"], buyer["address_line2"], buyer["postal_code"]) == ("500 Market St", "Suite 3",
                                                                                       "94105")
    assert buyer["region"] is None and buyer["buyer_reference"] is None and buyer["peppol_id"] is None
