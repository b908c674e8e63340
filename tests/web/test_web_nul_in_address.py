"""A NUL character in a dashboard page's address (PostgreSQL cannot compare text holding one)
is a clear 400 or 404 on every database, never a server error, and the page names the
parameter. (The login page's ``next`` is never queried: tests/security/test_login.py.)"""
from html import unescape

import pytest

from tests.support.html import text_of


@pytest.mark.parametrize("path, status, named", [
    ("/invoices?q=%00", 400, "'q'"),
    ("/invoices?q=INV%00", 400, "'q'"),
    ("/customers?q=%00acme", 400, "'q'"),
    ("/invoices?customer=cus_%00", 400, "'customer'"),
    ("/invoices/new?customer=%00", 400, "'customer'"),
    ("/invoices?%00=1", 400, "''"),
    ("/invoices/inv_%00aaaaaaaaaa", 404, None),
    ("/customers/cus_%00/edit", 404, None),
    ("/i/%00token/pdf", 404, None),
])
def test_nul_in_the_address_is_refused_cleanly(client, owner, path, status, named):
    response = client.get(path)
    assert response.status_code == status
    if named:
        assert f"The {named} parameter of this address contains a NUL character." in unescape(text_of(response))


def test_the_same_search_without_nul_still_works(client, owner, make_invoice):
    invoice = make_invoice()
    assert invoice.invoice_number in text_of(client.get("/invoices?q=INV"))
