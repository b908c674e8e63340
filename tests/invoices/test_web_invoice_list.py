"""The invoice list's order, sorts and issue-date range (issue 14, item 9)."""
import re

from app.invoices import lifecycle
from app.invoices import search as invoice_search
from app.invoices.views import SORT_LABELS
from app.services import transaction
from tests.support.html import text_of


def numbers(html: str) -> list[str]:
    return re.findall(r">(INV-\d{4}-\d{6})</a>", html)


def _three(make_customer, make_invoice):
    """Created in an order that is neither issue date nor number order."""
    zed, abe = make_customer(name="Zed Ltd"), make_customer(name="Abe & Co")
    middle = make_invoice(customer=zed, issue_date="2025-03-01", due_date="2025-09-01",
                          items=[{"name": "A", "unit_price": 300}])
    latest = make_invoice(customer=abe, issue_date="2025-06-01", due_date="2025-06-15",
                          items=[{"name": "A", "unit_price": 100}])
    oldest = make_invoice(customer=zed, issue_date="2025-01-10", due_date="2025-12-01",
                          items=[{"name": "A", "unit_price": 200}])
    return oldest, middle, latest


def test_the_list_is_by_issue_date_then_number_newest_first(client, owner, make_customer, make_invoice):
    oldest, middle, latest = _three(make_customer, make_invoice)
    same_day = make_invoice(customer=middle.customer, issue_date="2025-03-01")  # a higher number, same day
    html = text_of(client.get("/invoices"))
    assert numbers(html) == [latest.invoice_number, same_day.invoice_number, middle.invoice_number,
                             oldest.invoice_number]
    assert 'aria-sort="descending"' in html


def test_every_column_sorts_both_ways(client, owner, make_customer, make_invoice):
    oldest, middle, latest = _three(make_customer, make_invoice)
    with transaction():
        lifecycle.send_invoice(owner, middle.id, deliver=lambda *_: None)
    expected = {  # ascending
        "issue_date": [oldest, middle, latest],
        "number": [middle, latest, oldest],
        "customer": [latest, middle, oldest],  # Abe, then Zed's by creation
        "due_date": [latest, middle, oldest],
        "total": [latest, oldest, middle],
        "status": [latest, oldest, middle],  # draft, draft, sent
    }
    assert set(expected) == set(SORT_LABELS) == set(invoice_search.SORTS)
    for sort, rows in expected.items():
        wanted = [invoice.invoice_number for invoice in rows]
        ascending = text_of(client.get(f"/invoices?sort={sort}&direction=asc"))
        assert numbers(ascending) == wanted, sort
        assert 'aria-sort="ascending"' in ascending
        descending = numbers(text_of(client.get(f"/invoices?sort={sort}&direction=desc")))
        assert descending == wanted[::-1], sort


def test_a_heading_links_to_its_sort_keeping_the_filters(client, owner, make_customer, make_invoice):
    _three(make_customer, make_invoice)
    html = text_of(client.get("/invoices?q=zed&sort=total&direction=desc&page=1"))
    total_link = re.search(r'<a href="([^"]*sort=total[^"]*)">Total', html).group(1)
    assert "direction=asc" in total_link and "q=zed" in total_link and "page=" not in total_link
    number_link = re.search(r'<a href="([^"]*sort=number[^"]*)">Number', html).group(1)
    assert "direction=desc" in number_link


def test_unknown_sorts_are_refused(client, owner, make_invoice):
    make_invoice()
    assert client.get("/invoices?sort=pk").status_code == 400
    assert client.get("/invoices?direction=sideways").status_code == 400


def test_issue_date_range(client, owner, make_customer, make_invoice):
    oldest, middle, latest = _three(make_customer, make_invoice)
    assert numbers(text_of(client.get("/invoices?issued_from=2025-03-01&issued_to=2025-06-01"))) == [
        latest.invoice_number, middle.invoice_number]
    assert numbers(text_of(client.get("/invoices?issued_to=2025-02-28"))) == [oldest.invoice_number]
    html = text_of(client.get("/invoices?issued_from=2025-07-01"))
    assert numbers(html) == [] and "No invoices match" in html
    # The form shows the range it applied.
    html = text_of(client.get("/invoices?issued_from=2025-03-01"))
    assert 'name="issued_from" type="date" value="2025-03-01"' in html
    assert numbers(text_of(client.get("/invoices?issued_from=2025-13-01"))) != []  # not a date: left out
