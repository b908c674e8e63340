"""How to pay on the invoice's public page (/i/<token>, DESIGN §15): the block's rows, and the
code as an image with its text alternative; the image decoded says what the PDF's code says."""
import re
from decimal import Decimal
from html import unescape

from app.invoices import lifecycle
from app.presentation import fmt_money
from app.services import accounts, transaction
from tests.support.codes import image_codes

DE_IBAN, DE_BIC = "DE89370400440532013000", "COBADEFFXXX"
CH_IBAN = "CH9300762011623852957"


def no_mail(invoice, reminder):
    pass


def send(actor, invoice):
    with transaction():
        return lifecycle.send_invoice(actor, invoice.id, no_mail)


def page_of(app, invoice) -> str:
    response = app.test_client().get(f"/i/{invoice.public_token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def block_of(html: str) -> str | None:
    match = re.search(r'<section class="how-to-pay".*?</section>', html, re.S)
    return match.group(0) if match else None


def rows_of(block: str) -> dict[str, str]:
    return {unescape(label): unescape(value)
            for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)}


def images_of(block: str) -> list[tuple[str, str]]:
    """(src, alt) of each image in the block."""
    return [(unescape(src), unescape(alt)) for src, alt in re.findall(r'<img src="([^"]+)" alt="([^"]+)"', block)]


def test_public_page_shows_the_block_and_the_epc_code_of_the_amount_still_due(app, seller, ready_invoice,
                                                                              make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN, bic=DE_BIC)
    invoice = send(seller, ready_invoice())
    with transaction():
        lifecycle.record_payment(seller, invoice.id, {"amount": "500.00"})
    due = invoice.amount_due

    block = block_of(page_of(app, invoice))
    assert block is not None and 'aria-labelledby="how-to-pay-title"' in block
    assert rows_of(block) == {"Account holder": "Nordlicht Software GmbH", "IBAN": "DE89 3704 0044 0532 0130 00",
                              "BIC": DE_BIC, "Reference": invoice.invoice_number,
                              "Amount due": fmt_money(due, "EUR"), "Due date": "Jan 1, 2099"}
    [(src, alt)] = images_of(block)
    assert src.startswith("data:image/svg+xml")  # nothing fetched from elsewhere (the page's CSP allows data:)
    assert fmt_money(due, "EUR") in alt and "DE89 3704 0044 0532 0130 00" in alt
    [payload] = image_codes(src)
    lines = payload.split("\n")
    assert lines[:7] == ["BCD", "002", "1", "SCT", DE_BIC, "Nordlicht Software GmbH", DE_IBAN]
    assert Decimal(lines[7].removeprefix("EUR")) == due and lines[9:] == ["", invoice.invoice_number]


def test_public_page_shows_the_swiss_qr_bill_scaled_with_its_text_alternative(app, actor, make_customer,
                                                                              make_invoice, make_bank_account):
    with transaction():
        accounts.update_company(actor, {"legal_name": "Alpenglühen AG", "address_line1": "Bahnhofstrasse 10",
                                        "postal_code": "8001", "city": "Zürich", "country": "CH", "currency": "CHF"})
    make_bank_account(actor, account_holder="Alpenglühen AG", iban=CH_IBAN, currency="CHF")
    customer = make_customer(name="Bergbahn GmbH", country="CH", currency="CHF")
    invoice = send(actor, make_invoice(customer=customer, currency="CHF", due_date="2099-01-01"))

    block = block_of(page_of(app, invoice))
    [(src, alt)] = images_of(block)
    assert "Swiss QR-bill" in alt and fmt_money(invoice.amount_due, "CHF") in alt
    assert re.search(r'<figure class="qr-bill">', block)
    [payload] = image_codes(src, width="190mm")
    lines = payload.split("\r\n")
    assert lines[:4] == ["SPC", "0200", "1", CH_IBAN] and Decimal(lines[18]) == invoice.amount_due


def test_public_page_of_a_paid_invoice_shows_no_code(app, seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN)
    invoice = send(seller, ready_invoice())
    with transaction():
        lifecycle.record_payment(seller, invoice.id, {"amount": str(invoice.amount_due)})

    block = block_of(page_of(app, invoice))
    assert block is not None and images_of(block) == []


def test_public_page_without_an_account_has_no_block(app, seller, ready_invoice):
    invoice = send(seller, ready_invoice())
    assert block_of(page_of(app, invoice)) is None
