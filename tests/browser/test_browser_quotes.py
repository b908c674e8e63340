"""A quote's whole path in real Chromium: the owner writes a quote with the shared editor
(server totals), sends it, the client opens the link in a second browser context and
accepts it with their typed name, the owner sees it accepted, converts it into a draft
invoice and sends that invoice."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.live_server import PHONE, shot, watch_console
from tests.browser.steps import fill_row, register

pytestmark = pytest.mark.browser


def test_quote_sent_accepted_by_the_client_converted_and_invoiced(desktop, open_page, live_server):
    page = desktop
    problems = watch_console(page)
    register(page, "Quinn Quoter", "quinn@studio.example", "Quinn Studio")
    page.goto("/customers/new")
    page.fill("#name", "Harbour Hotel")
    page.fill("#contact_email", "owner@harbour.example")
    page.select_option("#country", "US")
    page.click("button:has-text('Add customer')")
    expect(page.locator("h1")).to_contain_text("Harbour Hotel")

    # The quote, from the customer's page, in the editor invoices use.
    page.click("a:has-text('New quote')")
    expect(page.locator("#customer_id")).to_have_value(re.compile(r"^cus_"))
    page.fill("#tax_rate", "10")
    fill_row(page, 0, "Website redesign", "1", "4000")
    expect(page.locator("#totals [data-total=total]")).to_have_text("$4,400.00")
    page.fill("#terms", "Half on acceptance, half on delivery.")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
    expect(page.locator("h1")).to_contain_text("QT-")
    expect(page.locator("h1 .badge")).to_have_text("Draft")
    page.click("button:has-text('Send quote')")
    expect(page.locator(".flash-success")).to_contain_text("sent to owner@harbour.example")
    expect(page.locator("h1 .badge")).to_have_text("Sent")
    link = page.locator("#public-link").input_value()
    assert link.startswith(live_server.url + "/q/")
    quote_url = page.url
    shot(page, "quote-sent-desktop")

    # The client, in a browser of their own: reads the terms and accepts with their name.
    client = open_page(PHONE)
    client_problems = watch_console(client)
    response = client.goto(link)
    assert response.status == 200 and response.headers["referrer-policy"] == "no-referrer"
    expect(client.locator("#terms")).to_contain_text("Half on acceptance")
    expect(client.locator(".amount-due")).to_have_text("$4,400.00")
    expect(client.locator("a:has-text('Download PDF')")).to_have_attribute("href", re.compile(r"/q/.+/pdf$"))
    client.fill("#accepted_by", "Harriet Harbour")
    shot(client, "quote-public-phone")
    client.click("button:has-text('Accept quote')")
    expect(client.locator(".notice-accepted")).to_contain_text("Accepted by Harriet Harbour")
    expect(client.locator("button:has-text('Accept quote')")).to_have_count(0)
    client.context.close()

    # The owner sees the decision, converts the quote and sends the invoice.
    page.goto(quote_url)
    expect(page.locator("h1 .badge")).to_have_text("Accepted")
    expect(page.locator(".timeline")).to_contain_text("Accepted by Harriet Harbour")
    page.click("button:has-text('Convert to invoice')")
    expect(page.locator(".flash-success")).to_contain_text("converted into draft invoice")
    expect(page.locator("h1 .badge")).to_have_text("Draft")
    expect(page.locator(".amounts-top")).to_contain_text("$4,400.00")
    page.click("button:has-text('Send invoice')")
    expect(page.locator(".flash-success")).to_contain_text("sent to owner@harbour.example")
    expect(page.locator("h1 .badge")).to_have_text("Sent")
    page.goto(quote_url)
    expect(page.locator("h1 .badge")).to_have_text("Invoiced")
    expect(page.locator("button:has-text('Convert to invoice')")).to_have_count(0)
    shot(page, "quote-invoiced-desktop")
    assert problems == [] and client_problems == []
