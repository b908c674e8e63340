"""Statuses as clients read them and what a refund does (issue 24 #19): the client's pages
say "Open" for an invoice or quote they have viewed, as the PDF does; the refund form says
what this refund does to this invoice."""
import re

import pytest

from app.invoices import lifecycle
from app.presentation import client_status
from app.services import transaction
from tests.support.html import text_of


def badge_of(html: str) -> str:
    return re.search(r'<span class="badge badge-(\w+)">([^<]*)</span>', html).groups()



def test_a_viewed_invoice_and_quote_read_open_to_their_client(app, sent_invoice, make_quote):
    visitor = app.test_client()
    visitor.get(f"/i/{sent_invoice.public_token}")  # the first view: viewed
    assert sent_invoice.status == "viewed"
    html = text_of(visitor.get(f"/i/{sent_invoice.public_token}"))
    assert badge_of(html) == ("sent", "Open") and "Viewed" not in html
    quote = make_quote(status="viewed")
    html = text_of(visitor.get(f"/q/{quote.public_token}"))
    assert badge_of(html) == ("sent", "Open") and "Viewed" not in html


@pytest.mark.parametrize(("status", "kind", "expected"), [
    ("sent", "invoice", ("sent", "Open")), ("in_review", "invoice", ("sent", "Open")),
    ("overdue", "invoice", ("overdue", "Overdue")), ("partial", "invoice", ("partial", "Partially paid")),
    ("viewed", "quote", ("sent", "Open")), ("invoiced", "quote", ("accepted", "Accepted"))])
def test_the_client_status_table(status, kind, expected):
    assert client_status(status, kind) == expected


def test_the_refund_form_says_what_this_refund_does(client, owner, sent_invoice):
    with transaction():
        lifecycle.record_payment(owner, sent_invoice.id, {"amount": "1000"})
    html = text_of(client.get(f"/invoices/{sent_invoice.id}/refund"))
    assert "This marks the invoice refunded" not in html
    assert "A refund leaves this invoice partially paid, with $7,769.60 still due" in html
    with transaction():
        lifecycle.record_payment(owner, sent_invoice.id, {"amount": "7769.60"})
    html = text_of(client.get(f"/invoices/{sent_invoice.id}/refund"))
    assert "Any refund marks this invoice refunded (closed)" in html
    client.post(f"/invoices/{sent_invoice.id}/refund", data={"amount": "10"})
    assert sent_invoice.status == "refunded"
