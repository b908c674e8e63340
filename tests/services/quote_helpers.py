"""Factories for quote tests: a quote in a given status, and a delivery that records."""
import pytest

from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.services import transaction
from tests.conftest import SEED_ITEMS


class Deliveries(list):
    """Stands in for the mail: remembers each (quote number, sent again)."""

    def __call__(self, quote, again):
        self.append((quote.number, again))


@pytest.fixture()
def make_quote(actor, make_customer):
    def make(who=None, customer=None, status="draft", **fields):
        who = who or actor
        customer = customer or make_customer(who)
        data = {"customer_id": customer.id, "issue_date": "2025-04-15", "expiry_date": "2099-05-15",
                "tax_rate": 16, "discount_type": "percentage", "discount_value": 10,
                "items": [dict(item) for item in SEED_ITEMS], "terms": "Valid for 30 days", "notes": "Thanks"}
        data.update(fields)
        with transaction():
            quote = quotes.create_quote(who, data)
        if status != "draft":
            with transaction():
                quote_lifecycle.send_quote(who, quote.id, Deliveries())
        if status == "viewed":
            with transaction():
                quote_lifecycle.record_public_view(quote)
        if status == "accepted":
            with transaction():
                quote_lifecycle.accept_quote(who, quote.id, {"accepted_by": "Jane Client"})
        return quote
    return make
