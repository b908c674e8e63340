"""Online payment in real Chromium (DESIGN §16): the owner connects Stripe in Settings →
Payments and sends an invoice; the client clicks Pay on their page, pays on the (fake) Stripe
Checkout page and comes back to "Payment received"; the owner's invoice shows the payment,
recorded once although both the webhook and the return reported it."""
import pytest
from playwright.sync_api import expect

from tests.browser.live_server import PHONE, shot
from tests.browser.steps import fill_row, register
from tests.support.fake_stripe import FakeStripe

pytestmark = pytest.mark.browser

SECRET_KEY = "sk_test_browser0000000000000000000000000000key1"
WEBHOOK_SECRET = "whsec_browser00000000000000000000000000secret"


def test_the_client_pays_online_and_the_owner_sees_the_payment(desktop, open_page, live_server):
    page = desktop
    with FakeStripe() as fake:
        live_server.app.config["STRIPE_API_BASE"] = fake.url
        register(page, "Ines Ito", "ines@ito.example", "Ito Studio")

        # Settings → Payments: connect Stripe; the page shows the address Stripe must call.
        page.click("nav[aria-label=Main] >> text=Settings")
        page.click(".tabs >> text=Payments")
        page.fill("#stripe_secret_key", SECRET_KEY)
        page.fill("#stripe_webhook_secret", WEBHOOK_SECRET)
        page.click("button:has-text('Save Stripe connection')")
        card = page.locator("#stripe")
        expect(card.locator("h2")).to_contain_text("connected")
        expect(card).to_contain_text("…key1")
        assert SECRET_KEY not in page.content()
        fake.webhook(SECRET_KEY, page.locator("#stripe-webhook-url").input_value(), WEBHOOK_SECRET)

        # An invoice of 3 × 40, sent.
        page.click("nav[aria-label=Main] >> text=Customers")
        page.click("text=Add your first customer")
        page.fill("#name", "Kumo Ltd")
        page.fill("#contact_email", "accounts@kumo.example")
        page.click("button:has-text('Add customer')")
        page.click("text=New invoice")
        fill_row(page, 0, "Illustrations", "3", "40")
        page.click("button:has-text('Save draft')")
        expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
        page.click("button:has-text('Send invoice')")
        expect(page.locator("h1 .badge")).to_have_text("Sent")
        link = page.locator("#public-link").input_value()
        owner_invoice = page.url

        # The client pays from their phone.
        visitor = open_page(PHONE)
        assert visitor.goto(link).status == 200
        pay = visitor.locator("form.pay button")
        expect(pay).to_have_text("Pay $120.00")
        shot(visitor, "public-invoice-pay-phone")
        pay.click()
        expect(visitor.locator("h1")).to_have_text("Fake Stripe Checkout")
        expect(visitor.locator("main")).to_contain_text("120.00")
        visitor.click("button[value=paid]")
        expect(visitor.locator("[role=status]").first).to_contain_text("Payment received")
        expect(visitor.locator("form.pay")).to_have_count(0)
        assert fake.sessions_created == 1
        assert [status for _id, kind, status in fake.deliveries if kind == "checkout.session.completed"] == [200]
        visitor.context.close()

        # The owner's invoice: paid, one payment by Stripe.
        page.goto(owner_invoice)
        expect(page.locator("h1 .badge")).to_have_text("Paid")
        payments = page.locator("table", has_text="Stripe")
        expect(payments).to_have_count(1)
        expect(payments.locator("tbody tr")).to_have_count(1)
        expect(payments).to_contain_text("120.00")
