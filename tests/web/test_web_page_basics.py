"""What every page carries: form controls without stray "None" attributes, a favicon, and, on
the pages a client opens by link, error pages that do not lead to the dashboard."""
import re

import pytest

from app.invoices import lifecycle
from app.rendering import mail
from app.services import transaction

NONE_ATTRIBUTE = re.compile(r'\s[a-z-]+="None"')
BOGUS_TOKEN = "x" * 43


@pytest.fixture()
def owner(actor, login):
    login(actor.user.email)
    return actor


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_anonymous_forms_have_no_none_attributes(client, path):
    page = client.get(path).get_data(as_text=True)
    assert 'aria-invalid' not in page and 'aria-describedby="email-hint"' not in page
    assert not NONE_ATTRIBUTE.findall(page)


@pytest.mark.parametrize("path", ["/customers/new", "/invoices/new", "/settings", "/settings/members",
                                  "/settings/developers"])
def test_dashboard_forms_have_no_none_attributes(client, owner, path):
    page = client.get(path).get_data(as_text=True)
    assert not NONE_ATTRIBUTE.findall(page), NONE_ATTRIBUTE.findall(page)
    assert 'aria-invalid="true"' not in page  # untouched fields are not invalid


def test_a_field_with_an_error_is_invalid_and_points_to_its_message(client, owner, make_customer):
    customer = make_customer()
    page = client.post("/invoices/new", data={
        "customer_id": customer.id, "items-0-item_name": "Cake", "items-0-quantity": "many",
        "items-0-unit_price": "2"}).get_data(as_text=True)
    control = re.search(r'<input[^>]*name="items-0-quantity"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in control and 'aria-describedby="items-0-quantity-error"' in control
    assert 'id="items-0-quantity-error"' in page
    assert not NONE_ATTRIBUTE.findall(page)
    page = client.post("/customers/new", data={"name": ""}).get_data(as_text=True)
    control = re.search(r'<input[^>]*id="name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in control and 'aria-describedby="name-error"' in control
    hinted = re.search(r'<input[^>]*id="contact_email"[^>]*>', page).group(0)
    assert 'aria-describedby="contact_email-hint"' in hinted and "aria-invalid" not in hinted


def test_favicon(client, actor, make_invoice):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert client.get("/static/favicon.svg").status_code == 200
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/login").get_data(as_text=True)
    invoice = make_invoice()
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice)
    public = client.get(f"/i/{invoice.public_token}").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg"' in public


@pytest.mark.parametrize("path", [f"/i/{BOGUS_TOKEN}", f"/i/{BOGUS_TOKEN}/pdf", "/i/short", "/i/"])
def test_a_client_link_that_leads_nowhere_does_not_point_to_the_dashboard(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This link does not lead to a document" in page
    assert "overview" not in page.lower() and 'href="/"' not in page and "/login" not in page
    assert "public.css" in page and "Corebill" not in page


def test_a_drafts_link_is_the_client_404_for_a_visitor(client, make_invoice):
    invoice = make_invoice()
    response = client.get(f"/i/{invoice.public_token}")
    assert response.status_code == 404 and "ask the business that sent it" in response.get_data(as_text=True)


def test_the_dashboards_404_still_leads_back_to_the_overview(client, owner):
    response = client.get("/invoices/inv_doesnotexist")
    assert response.status_code == 404
    assert 'href="/"' in response.get_data(as_text=True)
