"""The owner's day in real Chromium: register, add a customer, write an invoice with three
lines while the server recomputes the totals, send it (outbox), open its public link as the
customer (viewed), record a partial payment and then the rest, and see it paid."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.live_server import DESKTOP, PHONE, shot, watch_console
from tests.browser.steps import fill_row, register

pytestmark = pytest.mark.browser


def test_owner_bills_a_customer_end_to_end(desktop, open_page, live_server):
    page = desktop
    problems = watch_console(page)

    # Register: a new owner and their company.
    page.goto("/register")
    shot(page, "register-desktop")
    register(page, "Bea Baker", "owner@bakery.example", "Bea's Bakery")
    expect(page.locator(".flash-success")).to_contain_text("Bea's Bakery is ready")
    shot(page, "overview-empty-desktop")

    # A customer.
    page.click("nav[aria-label=Main] >> text=Customers")
    expect(page.locator(".empty-state")).to_contain_text("No customers yet")
    page.click("text=Add your first customer")
    page.fill("#name", "Corner Café")
    page.fill("#contact_email", "accounts@cornercafe.example")
    page.select_option("#country", "US")
    page.fill("#city", "Portland")
    page.click("button:has-text('Add customer')")
    expect(page.locator("h1")).to_contain_text("Corner Café")

    # An invoice with three lines, watching the server's totals.
    page.click("text=New invoice")
    expect(page.locator("#customer_id")).to_have_value(re.compile(r"^cus_"))
    page.fill("#tax_rate", "10")
    fill_row(page, 0, "Sourdough loaves", "2", "100")
    expect(page.locator("#totals [data-total=total]")).to_have_text("$220.00")
    expect(page.locator("tr.item-row").nth(0).locator("[data-line-total]")).to_have_text("$200.00")

    page.press("[name='items-0-unit_price']", "Enter")  # Enter in the last row adds a row
    expect(page.locator("tr.item-row")).to_have_count(2)
    expect(page.locator("[name='items-1-item_name']")).to_be_focused()
    fill_row(page, 1, "Croissants", "1", "50")
    expect(page.locator("#totals [data-total=total]")).to_have_text("$275.00")

    page.click("button[data-row-action=add]")
    expect(page.locator("tr.item-row")).to_have_count(3)
    fill_row(page, 2, "Delivery", "3", "10.5")
    expect(page.locator("#totals [data-total=subtotal]")).to_have_text("$281.50")
    expect(page.locator("#totals [data-total=tax]")).to_have_text("$28.15")
    expect(page.locator("#totals [data-total=total]")).to_have_text("$309.65")
    expect(page.locator("tr.item-row").nth(2).locator("[data-line-total]")).to_have_text("$31.50")

    # Reorder and remove in the page: move Delivery up, add a stray row and remove it.
    page.click("[aria-label='Move row 3 up']")
    expect(page.locator("[name='items-1-item_name']")).to_have_value("Delivery")
    expect(page.locator("[name='items-2-item_name']")).to_have_value("Croissants")
    page.click("button[data-row-action=add]")
    fill_row(page, 3, "Mistake", "1", "999")
    expect(page.locator("#totals [data-total=total]")).not_to_have_text("$309.65")
    page.click("[aria-label='Remove row 4']")
    expect(page.locator("tr.item-row")).to_have_count(3)
    expect(page.locator("#totals [data-total=total]")).to_have_text("$309.65")
    shot(page, "invoice-editor-desktop")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
    expect(page.locator("h1 .badge")).to_have_text("Draft")
    names = page.locator("table.data tbody tr td strong").all_inner_texts()
    assert names == ["Sourdough loaves", "Delivery", "Croissants"]
    invoice_url = page.url

    # Send it: with no SMTP the email lands in the outbox.
    page.click("button:has-text('Send invoice')")
    expect(page.locator(".flash-success")).to_contain_text("sent to accounts@cornercafe.example")
    expect(page.locator("h1 .badge")).to_have_text("Sent")
    link = page.locator("#public-link").input_value()
    assert link.startswith(live_server.url + "/i/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button:has-text('Copy link')")
    expect(page.locator(".public-link [data-copy-status]")).not_to_have_text("")
    shot(page, "invoice-sent-desktop")
    page.click("nav[aria-label=Main] >> text=Settings")
    page.click(".tabs >> text=Outbox")
    expect(page.locator("table.data")).to_contain_text("accounts@cornercafe.example")
    shot(page, "outbox-desktop")

    # The customer opens the public link in a fresh browser: the invoice becomes viewed.
    visitor = open_page(PHONE)
    response = visitor.goto(link)
    assert response.status == 200
    expect(visitor.locator("body")).to_contain_text("INV-")
    shot(visitor, "public-invoice-phone")
    visitor.context.close()
    page.goto(invoice_url)
    expect(page.locator("h1 .badge")).to_have_text("Viewed")
    expect(page.locator(".timeline")).to_contain_text("Opened by the customer")

    # A partial payment, then the rest.
    page.click("text=Record payment")
    expect(page.locator("#amount")).to_have_value("309.65")
    page.fill("#amount", "100")
    page.fill("#payment_method", "Card")
    page.click("button:has-text('Record payment')")
    expect(page.locator("h1 .badge")).to_have_text("Partially paid")
    expect(page.locator(".amounts-top")).to_contain_text("$209.65")
    page.click("text=Record payment")
    expect(page.locator("#amount")).to_have_value("209.65")
    page.click("button:has-text('Record payment')")
    expect(page.locator("h1 .badge")).to_have_text("Paid")
    expect(page.locator(".action-bar")).not_to_contain_text("Record payment")
    shot(page, "invoice-paid-desktop")

    # The overview shows the money in.
    page.click("nav[aria-label=Main] >> text=Overview")
    expect(page.locator("[data-figure=paid]")).to_have_text("$309.65")
    expect(page.locator("[data-figure=outstanding]")).to_have_text("$0.00")
    expect(page.locator("[data-figure=drafts]")).to_have_text("0")
    assert float(page.locator(".chart-bar.current rect").get_attribute("height")) > 0
    expect(page.locator(".timeline")).to_contain_text("recorded on INV-")
    shot(page, "overview-desktop")
    page.click("a.figure-link:has([data-figure=paid])")  # the invoices with a payment in the last 30 days
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("With a payment received since")
    expect(page.locator("table.data .badge")).to_have_text("Paid")
    shot(page, "invoices-desktop")
    page.click("nav[aria-label=Main] >> text=Customers")
    shot(page, "customers-desktop")
    page.click("nav[aria-label=Main] >> text=Settings")
    shot(page, "settings-desktop")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_phone_layout_and_pages(open_page, desktop):
    """The same account at phone width: the navigation is a top bar; pages fit the screen."""
    page = open_page(PHONE, storage_state=desktop.context.storage_state())
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Overview")
    sidebar = page.locator(".sidebar").bounding_box()
    assert sidebar["width"] >= PHONE["width"] - 1 and sidebar["height"] < 200  # a top bar, not a column
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "overview-phone")
    for name, path in (("invoices-phone", "/invoices"), ("customers-phone", "/customers"),
                       ("invoice-editor-phone", "/invoices/new"), ("settings-phone", "/settings")):
        page.goto(path)
        shot(page, name)
    page.goto("/invoices")
    page.click("table.data tbody tr a")
    expect(page.locator("h1 .badge")).to_have_text("Paid")
    shot(page, "invoice-phone")
    page.context.close()


def test_editor_works_without_script(open_page, desktop):
    """No JavaScript: the row buttons post the form and the totals show after the round trip."""
    page = open_page(DESKTOP, storage_state=desktop.context.storage_state(), java_script_enabled=False)
    page.goto("/invoices/new")
    page.select_option("#customer_id", label="Corner Café")
    fill_row(page, 0, "Cake", "1", "40")
    page.click("button[data-row-action=add]")
    expect(page.locator("tr.item-row")).to_have_count(2)
    expect(page.locator("#totals [data-total=total]")).to_have_text("$40.00")
    fill_row(page, 1, "Candles", "2", "2.5")
    page.press("[name='items-1-unit_price']", "Enter")  # submits with the first button: Save draft
    expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
    expect(page.locator(".amounts-top")).to_contain_text("$45.00")
    page.context.close()
