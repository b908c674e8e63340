"""A document's text in all is limited (issue 24, item 7): item names, descriptions and units
plus notes and terms (a credit note's line descriptions, reason and memo) at most
limits.DOCUMENT_TEXT characters, so no document's PDF renders for minutes. Refused at input,
naming the field, on invoices, quotes, recurring invoices and credit notes; a realistic large
invoice still passes."""
from sqlalchemy import func, select

from app import limits
from app.extensions import db
from app.models import CreditNote, Invoice, Quote, RecurringInvoice
from tests.support.api import send

STORM_ITEMS = [{"name": f"Item {n}", "description": "x" * 4000, "quantity": 1, "unit_price": 1} for n in range(1000)]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _refused(response, param: str) -> str:
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["param"] == param, error
    assert f"at most {limits.DOCUMENT_TEXT} characters" in error["message"]
    return error["message"]


def test_the_issues_invoice_of_1000_items_of_4000_characters_is_refused_at_its_items(api, make_customer):
    customer = make_customer()
    message = _refused(api.post("/v1/invoices", json={"customer_id": customer.id, "items": STORM_ITEMS}), "items")
    assert ("An invoice's text in all (item names, descriptions and units, notes and payment terms)" in message
            and message.endswith("this one has 4007890."))
    _refused(api.post("/v1/invoices", json={"customer_id": customer.id, "line_items": STORM_ITEMS}), "line_items")
    assert _count(Invoice) == 0


def test_quotes_and_recurring_invoices_are_refused_at_their_items(api, make_customer):
    customer = make_customer()
    message = _refused(api.post("/v1/quotes", json={"customer_id": customer.id, "items": STORM_ITEMS}), "items")
    assert "A quote's text in all (item names, descriptions and units, notes and terms)" in message
    _refused(api.post("/v1/recurring_invoices", json={"customer_id": customer.id, "interval": "month",
                                                      "items": STORM_ITEMS}), "items")
    assert _count(Quote) == 0 and _count(RecurringInvoice) == 0


def test_realistic_large_invoices_pass(api, make_customer):
    customer = make_customer()
    short = [{"name": f"Part {n:04d} – replacement filter", "description": "Standard cartridge, 10 µm, fits models "
              "A100 to A400; delivered to the Hamburg warehouse", "quantity": 2, "unit": "pcs", "unit_price": "4.20"}
             for n in range(limits.MAX_ITEMS)]
    long = [{"name": f"Milestone {n}", "description": "Detailed account of the work done this milestone. " * 28,
             "quantity": 1, "unit": "day", "unit_price": 950} for n in range(100)]
    for items in (short, long):
        response = api.post("/v1/invoices", json={"customer_id": customer.id, "items": items, "notes": "n" * 5000})
        assert response.status_code == 201, response.get_json()["error"]
    assert _count(Invoice) == 2


def test_notes_that_would_take_a_sent_invoice_over_the_limit_are_refused_at_the_notes(api, make_invoice):
    room = limits.DOCUMENT_TEXT - 4000
    items = [{"name": "Work", "description": "w" * (room // 40 - 4), "quantity": 1, "unit_price": 10}
             for _ in range(40)]
    invoice = make_invoice(due_date="2099-01-01", items=items, notes=None, payment_terms=None)
    send(api, invoice.id)
    _refused(api.post(f"/v1/invoices/{invoice.id}", json={"notes": "n" * 4500}), "notes")
    response = api.post(f"/v1/invoices/{invoice.id}", json={"notes": "n" * 3000})
    assert response.status_code == 200 and len(response.get_json()["data"]["notes"]) == 3000


def test_credit_note_lines_are_refused_at_the_lines(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    lines = [{"description": "d" * limits.ITEM_NAME, "quantity": 1, "unit_price": "0.01"} for _ in range(limits.MAX_ITEMS)]
    message = _refused(api.post("/v1/credit_notes", json={"invoice_id": invoice.id, "lines": lines}), "lines")
    assert "A credit note's text in all (line descriptions, reason and memo)" in message
    assert _count(CreditNote) == 0
    response = api.post("/v1/credit_notes", json={"invoice_id": invoice.id, "lines": lines[:700]})
    assert response.status_code == 201, response.get_json()
