"""How to pay, in real Chromium (DESIGN §15): the owner adds a EUR bank account in Settings →
Payments, bills a German customer in EUR and sends the invoice; the client's page shows the
account and an EPC QR code that decodes to the invoice's account, amount and reference."""
import io
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.live_server import PHONE, shot
from tests.browser.steps import fill_row, register

pytestmark = pytest.mark.browser


def test_a_bank_account_prints_its_epc_code_on_the_clients_page(desktop, open_page, live_server):
    page = desktop
    register(page, "Lena Lang", "lena@lang.example", "Lang Design")

    # A bank account in EUR: the first of its currency becomes the default.
    page.click("nav[aria-label=Main] >> text=Settings")
    page.click(".tabs >> text=Payments")
    page.fill("#label", "Business EUR")
    page.select_option("#currency", "EUR")
    page.fill("#account_holder", "Lang Design")
    page.fill("#iban", "de89 3704 0044 0532 0130 00")
    page.fill("#bic", "COBADEFFXXX")
    page.click("button:has-text('Add bank account')")
    expect(page.locator("table.data")).to_contain_text("DE89 3704 0044 0532 0130 00")
    expect(page.locator("table.data")).to_contain_text("default")
    shot(page, "payments-desktop")

    # A customer in Germany who pays in EUR, and an invoice of 2 × 60.
    page.click("nav[aria-label=Main] >> text=Customers")
    page.click("text=Add your first customer")
    page.fill("#name", "Beispiel GmbH")
    page.fill("#contact_email", "buchhaltung@beispiel.example")
    page.select_option("#country", "DE")
    page.select_option("#currency", "EUR")
    page.fill("#city", "Berlin")
    page.click("button:has-text('Add customer')")
    page.click("text=New invoice")
    fill_row(page, 0, "Logo design", "2", "60")
    page.click("button:has-text('Save draft')")
    expect(page.locator(".flash-success")).to_contain_text("saved as a draft")
    number = page.locator("h1").inner_text().split()[0]

    page.click("button:has-text('Send invoice')")
    expect(page.locator("h1 .badge")).to_have_text("Sent")
    link = page.locator("#public-link").input_value()

    # The client's page: how to pay, and the code their banking app scans.
    visitor = open_page(PHONE)
    assert visitor.goto(link).status == 200
    block = visitor.locator("section.how-to-pay")
    expect(block).to_contain_text("DE89 3704 0044 0532 0130 00")
    expect(block).to_contain_text(number)
    code = block.locator("figure.epc-code img")
    expect(code).to_be_visible()
    shot(visitor, "public-invoice-how-to-pay-phone")
    image = Image.open(io.BytesIO(code.screenshot()))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "the EPC QR code does not decode from the page as Chromium draws it"
    lines = found[0].text.split("\n")
    assert lines[:7] == ["BCD", "002", "1", "SCT", "COBADEFFXXX", "Lang Design", "DE89370400440532013000"], lines
    assert Decimal(lines[7].removeprefix("EUR")) == Decimal("120.00"), lines
    assert number in lines[8:], lines
    visitor.context.close()
