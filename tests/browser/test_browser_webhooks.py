"""Settings → Webhooks in real Chromium (DESIGN §18, issue 29 item 4): an admin registers, opens
Settings → Webhooks, is refused a private URL beside the field, adds an endpoint for two event
types, copies its signing secret (shown once: not after a reload), sees it listed, opens it, sees
an attempt (status code, duration, the start of the response) and resends its event. axe-core
finds no critical or serious violation on any of these pages, at desktop and phone width, and on
a phone no page is wider than the screen."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services import customers, transaction
from app.services.tenancy import Actor, landing_company
from app.webhooks import endpoints
from tests.browser.accessibility import audit, describe
from tests.browser.live_server import DESKTOP, PHONE, shot, watch_console
from tests.browser.steps import register
from tests.webhooks.world import add_attempt, deliveries_of

pytestmark = pytest.mark.browser
URL = "https://93.184.215.14/hooks/browser"
EMAIL = "hooks@books.example"


def _customer_with_a_logged_attempt(app) -> str:
    """A customer added by the owner (customer.created to the endpoint) and its delivery's first
    attempt, refused with a 502, as the worker would log it; the event's id."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == EMAIL)).one()
        owner = Actor(company=landing_company(user), role="admin", user=user)
        with transaction():
            customers.create_customer(owner, {"name": "Corner Café", "country": "US"})
        with transaction():
            endpoint = endpoints.list_endpoints(owner)[0]
            delivery = deliveries_of(endpoint)[0]
            add_attempt(delivery, status=502, duration_ms=1834, body="<html><h1>502 Bad Gateway</h1>" + "x" * 500)
            return delivery.event.id


def test_an_admin_adds_an_endpoint_and_reads_its_log(chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = watch_console(page)
    found = {}

    def check(name: str) -> None:
        violations = audit(page)
        if violations:
            found[name] = violations

    try:
        register(page, "Hanna Hook", EMAIL, "Hook & Books")
        page.click("nav[aria-label=Main] >> text=Settings")
        page.click(".tabs >> text=Webhooks")
        expect(page.locator(".tabs a[aria-current=page]")).to_have_text("Webhooks")
        expect(page.locator("main")).to_contain_text("No webhook endpoints yet.")
        check("empty")

        # A private address is refused beside the field.
        page.fill("#url", "https://127.0.0.1/hooks")
        page.click("button:has-text('Add endpoint')")
        expect(page.locator("#url-error")).to_contain_text("private, loopback or link-local")
        expect(page.locator("#url")).to_have_attribute("aria-invalid", "true")
        check("refused url")

        # Two event types, then the secret, once.
        page.fill("#url", URL)
        page.fill("#description", "Bookkeeping sync")
        page.check("text=Only the events chosen below")
        page.check("#event-customer-created")
        page.check("#event-invoice-paid")
        page.click("button:has-text('Add endpoint')")
        reveal = page.locator(".key-reveal")
        expect(reveal).to_contain_text("it is shown only once")
        secret = page.locator("#signing-secret").input_value()
        assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]{44}", secret), secret
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        reveal.locator("button:has-text('Copy secret')").click()
        expect(reveal.locator("[data-copy-status]")).to_have_text("Copied.")
        assert page.evaluate("navigator.clipboard.readText()") == secret
        shot(page, "webhooks-secret-desktop")
        check("secret shown")

        page.goto("/settings/webhooks")  # the list again: the secret is gone for good
        expect(page.locator(".key-reveal")).to_have_count(0)
        assert secret not in page.content()
        row = page.locator("table.data tbody tr").filter(has_text=URL)
        expect(row).to_contain_text("customer.created")
        expect(row).to_contain_text("invoice.paid")
        expect(row).to_contain_text("enabled")
        check("listed")

        event_id = _customer_with_a_logged_attempt(live_server.app)
        row.locator(f"a:has-text('{URL}')").click()
        expect(page.locator("#endpoint-heading")).to_have_text(URL)
        attempts = page.locator("section[aria-labelledby=attempts-heading]")
        expect(attempts).to_contain_text("HTTP 502")
        expect(attempts).to_contain_text("1,834 ms")
        expect(attempts.locator("pre.response-start")).to_contain_text("502 Bad Gateway")
        expect(attempts).to_contain_text(event_id)
        assert secret not in page.content()
        shot(page, "webhook-endpoint-desktop")
        check("endpoint")

        attempts.locator("button:has-text('Resend')").click()
        expect(page.locator(".flash-success")).to_contain_text(f"Event {event_id} (customer.created) will be sent again")
        deliveries = page.locator("section[aria-labelledby=deliveries-heading] tbody tr")
        expect(deliveries).to_have_count(2)
        expect(deliveries.first).to_contain_text("pending")
        check("resent")
        endpoint_path = page.url.removeprefix(live_server.url)

        # The same pages on a phone: nothing wider than the screen.
        phone = chromium.new_context(viewport=PHONE, base_url=live_server.url, bypass_csp=True,
                                     storage_state=context.storage_state())
        small = phone.new_page()
        small.set_default_timeout(15000)
        widths = {}
        for path in ("/settings/webhooks", endpoint_path):
            small.goto(path)
            widths[path] = small.evaluate("document.documentElement.scrollWidth")
            violations = audit(small)
            if violations:
                found[f"{path} (phone)"] = violations
        shot(small, "webhook-endpoint-phone")
        phone.close()
        assert all(width <= PHONE["width"] for width in widths.values()), widths
        assert not found, describe(found)
        # The refused URL's page answers 400 (a form with errors), which Chromium logs; nothing else.
        assert [problem for problem in problems if "status of 400" not in problem] == [], problems
    finally:
        context.close()
