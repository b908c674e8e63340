"""Quotes through the service layer: numbers, totals, editing rules, the life-cycle table,
the client's decisions and conversion into a draft invoice."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.invoices import service as invoices
from app.models import Activity, QuoteItem
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.quotes.states import QUOTE, effective_status
from app.services import accounts, document_items, transaction
from app.services.errors import Forbidden, InvalidTransition, NotEditable, ValidationError
from app.services.tenancy import Actor, today_for
from tests.support.fakes import Deliveries

RATE = {"id": "txr_abcdefabcdef", "name": "VAT", "percentage": "19", "category": "S", "exemption_reason": None}


def test_a_quote_has_its_own_counter_and_prefix(actor, make_quote, make_invoice):
    make_invoice()
    first, second = make_quote(), make_quote()
    assert (first.number, second.number) == ("QT-2025-000001", "QT-2025-000002")
    assert make_invoice().invoice_number == "INV-2025-000002"
    with transaction():
        accounts.update_company(actor, {"quote_prefix": "ang"})
    assert make_quote(issue_date="2026-01-02").number == "ANG-2026-000001"


def test_totals_expiry_default_and_token(make_quote):
    quote = make_quote(expiry_date=None, issue_date="2025-04-15")
    assert (quote.subtotal, quote.discount_amount, quote.tax_amount, quote.total) == (
        Decimal("8400"), Decimal("840"), Decimal("1209.60"), Decimal("8769.60"))
    assert quote.expiry_date == date(2025, 5, 15)
    assert len(quote.public_token) >= 43 and quote.status == "draft"
    assert quote.tax_breakdown[0]["tax_amount"] == "1209.6"


def test_bad_input_names_each_field_and_changes_nothing(actor, make_customer):
    customer = make_customer()
    with pytest.raises(ValidationError) as raised:
        quotes.create_quote(actor, {"customer_id": customer.id, "expiry_date": "soon", "terms": "x" * 5001,
                                    "items": [{"name": "", "unit_price": "-1"}]})
    assert {"expiry_date", "terms", "items[0].item_name", "items[0].unit_price"} <= set(raised.value.errors)
    with pytest.raises(ValidationError) as raised:
        quotes.create_quote(actor, {"customer_id": customer.id, "issue_date": "2025-05-01", "expiry_date": "2025-04-01"})
    assert "expiry_date" in raised.value.errors


def test_drafts_are_fully_editable_then_only_notes_and_terms(actor, make_quote):
    quote = make_quote()
    with transaction():
        quotes.update_quote(actor, quote.id, {"items": [{"name": "One", "unit_price": 10}], "tax_rate": 0,
                                              "discount_type": None, "discount_value": None})
    assert quote.total == Decimal("10")
    with transaction():
        quote_lifecycle.send_quote(actor, quote.id, Deliveries())
    with pytest.raises(NotEditable) as raised:
        quotes.update_quote(actor, quote.id, {"currency": "EUR", "notes": "x"})
    assert "currency" in raised.value.message and raised.value.status == "sent"
    db.session.rollback()
    with transaction():
        quotes.update_quote(actor, quote.id, {"notes": "New notes", "terms": "New terms"})
    assert (quote.notes, quote.terms, quote.currency) == ("New notes", "New terms", "USD")


def test_expired_is_computed_in_the_company_timezone(actor, make_quote):
    quote = make_quote(status="sent")
    today = today_for(actor.company)
    quote.expiry_date = today
    assert effective_status(quote, today) == "sent"
    assert effective_status(quote, today + timedelta(days=1)) == "expired"
    quote.status = "accepted"
    assert effective_status(quote, today + timedelta(days=1)) == "accepted"


def test_the_table_allows_per_status(actor, make_quote):
    member = Actor(company=actor.company, role="member", user=actor.user)
    today = today_for(actor.company)
    draft = make_quote()
    assert QUOTE.allowed(draft, "member", today) == {"edit", "edit_details", "send", "cancel", "download_pdf"}
    sent = make_quote(status="sent")
    assert {"accept", "decline", "convert", "resend", "cancel"} <= QUOTE.allowed(sent, "member", today)
    assert "client_accept" not in QUOTE.allowed(sent, "member", today)
    assert "client_accept" in QUOTE.allowed(sent, "public", today)
    sent.expiry_date = today - timedelta(days=1)
    assert "client_accept" not in QUOTE.allowed(sent, "public", today)
    assert {"convert", "accept"} <= QUOTE.allowed(sent, "member", today)
    with pytest.raises(Forbidden):
        quote_lifecycle.delete_quote(member, draft.id)


def test_the_client_accepts_once_with_name_time_and_ip(actor, make_quote):
    quote = make_quote(status="sent")
    with transaction():
        quote_lifecycle.record_public_view(quote)
    assert quote.status == "viewed" and quote.viewed_at is not None
    with pytest.raises(ValidationError):
        quote_lifecycle.client_decides(quote, "accept", name="  ", ip="203.0.113.9")
    db.session.rollback()
    with transaction():
        quote_lifecycle.client_decides(quote, "accept", name="Jane Client", ip="203.0.113.9")
    assert (quote.status, quote.accepted_by) == ("accepted", "Jane Client") and quote.accepted_at
    entry = db.session.scalars(select(Activity).where(Activity.action == "quote.accepted")).one()
    assert entry.details == {"name": "Jane Client", "ip": "203.0.113.9"} and entry.actor_type == "public"
    with pytest.raises(InvalidTransition):
        quote_lifecycle.client_decides(quote, "decline", reason="changed my mind", ip="203.0.113.9")


def test_the_client_cannot_decide_an_expired_quote_but_a_member_can_record_it(actor, make_quote):
    quote = make_quote(status="sent", expiry_date="2025-04-20")
    with pytest.raises(InvalidTransition) as raised:
        quote_lifecycle.client_decides(quote, "accept", name="Late Larry", ip="198.51.100.1")
    assert raised.value.status == "expired"
    db.session.rollback()
    with transaction():
        quote_lifecycle.accept_quote(actor, quote.id, {"accepted_by": "Larry, by phone"})
    assert quote.status == "accepted" and quote.accepted_by == "Larry, by phone"


def test_decline_with_and_without_reason(actor, make_quote):
    quote = make_quote(status="sent")
    with transaction():
        quote_lifecycle.client_decides(quote, "decline", reason=None, ip="192.0.2.1")
    assert quote.status == "declined" and quote.decline_reason is None and quote.declined_at
    other = make_quote(status="sent")
    with transaction():
        quote_lifecycle.decline_quote(actor, other.id, {"reason": "Too expensive"})
    assert other.decline_reason == "Too expensive"
    with pytest.raises(InvalidTransition):
        quote_lifecycle.convert_quote(actor, quote.id)


def test_convert_makes_a_draft_invoice_once(actor, make_quote):
    quote = make_quote(status="accepted")
    quote.items[0].tax_rates = [RATE]
    document_items.apply_items(quote, None, QuoteItem)  # as the editor's rate pickers save it
    with transaction():
        quotes.update_quote(actor, quote.id, {"notes": "Converted notes"})
    with transaction():
        invoice = quote_lifecycle.convert_quote(actor, quote.id)
    assert invoice.status == "draft" and quote.status == "invoiced"
    assert (invoice.quote_id, quote.invoice_id) == (quote.id, invoice.id)
    assert (invoice.customer, invoice.currency, invoice.discount_type, invoice.discount_value, invoice.notes) == (
        quote.customer, quote.currency, "percentage", Decimal("10"), "Converted notes")
    assert [item.tax_rates for item in invoice.items] == [item.tax_rates for item in quote.items]
    assert invoice.items[0].tax_rates == [RATE]
    assert (invoice.total, invoice.tax_breakdown) == (quote.total, quote.tax_breakdown)
    assert invoice.amount_due == invoice.total
    with pytest.raises(InvalidTransition) as raised:
        quote_lifecycle.convert_quote(actor, quote.id)
    assert invoice.invoice_number in raised.value.message and invoice.id in raised.value.message
    assert invoices.get_invoice(actor, invoice.id).quote is quote


@pytest.mark.parametrize("status", ["sent", "viewed"])
def test_members_convert_from_sent_viewed_and_expired(actor, make_quote, status):
    quote = make_quote(status=status)
    with transaction():
        quote_lifecycle.convert_quote(actor, quote.id)
    assert quote.status == "invoiced"
    expired = make_quote(status=status, expiry_date="2025-04-16")
    with transaction():
        quote_lifecycle.convert_quote(actor, expired.id)
    assert expired.status == "invoiced"


def test_acceptance_never_converts_by_itself(actor, make_quote):
    quote = make_quote(status="accepted")
    assert quote.invoice is None and quote.status == "accepted"


def test_cancel_draft_and_sent_but_not_invoiced(actor, make_quote):
    draft = make_quote()
    with transaction():
        quote_lifecycle.cancel_quote(actor, draft.id)
    assert draft.status == "cancelled"
    with pytest.raises(InvalidTransition):
        quote_lifecycle.convert_quote(actor, draft.id)
    db.session.rollback()
    converted = make_quote(status="sent")
    with transaction():
        quote_lifecycle.convert_quote(actor, converted.id)
    with pytest.raises(InvalidTransition):
        quote_lifecycle.cancel_quote(actor, converted.id)


def test_send_needs_an_email_and_items(actor, make_quote, make_customer):
    quote = make_quote(customer=make_customer(email=None), status="draft")
    with pytest.raises(ValidationError):
        quote_lifecycle.send_quote(actor, quote.id, Deliveries())
    db.session.rollback()
    sent = Deliveries()
    other = make_quote()
    with transaction():
        quote_lifecycle.send_quote(actor, other.id, sent)
    with transaction():
        quote_lifecycle.send_quote(actor, other.id, sent)
    assert sent == [(other.number, False), (other.number, True)] and other.status == "sent"


def test_lists_filter_by_computed_status_and_customer(actor, make_quote, make_customer):
    other = make_customer(name="Other Co")
    draft, live, expired = make_quote(), make_quote(status="sent"), make_quote(status="sent", expiry_date="2025-04-16")
    mine = make_quote(customer=other)
    ids = lambda page: [quote.id for quote in page.items]  # noqa: E731
    assert ids(quotes.cursor_page(actor, quotes.QuoteFilters(status="expired"), limit=10)) == [expired.id]
    assert ids(quotes.cursor_page(actor, quotes.QuoteFilters(status="sent"), limit=10)) == [live.id]
    assert ids(quotes.cursor_page(actor, quotes.QuoteFilters(customer_id=other.id), limit=10)) == [mine.id]
    page = quotes.cursor_page(actor, quotes.QuoteFilters(), limit=2)
    assert ids(page) == [mine.id, expired.id] and page.has_more
    assert ids(quotes.cursor_page(actor, quotes.QuoteFilters(), limit=2, starting_after=expired.id)) == [live.id, draft.id]
    with pytest.raises(ValidationError):
        quotes.cursor_page(actor, quotes.QuoteFilters(status="overdue"), limit=2)
