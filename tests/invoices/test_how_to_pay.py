"""How to pay on the invoice PDF (DESIGN §15): the PDF is rendered by the app's own path, its
pages drawn as images, and the QR codes on them decoded and compared line by line with the
invoice; its text, read back with pypdf, shows the block's figures."""
from decimal import Decimal

from app.invoices import lifecycle
from app.payment_references import creditor_reference, printed
from app.presentation import fmt_money
from app.rendering import pdf
from app.services import accounts, transaction
from tests.support.codes import qr_codes
from tests.support.pdf import pdf_text, read

DE_IBAN, DE_IBAN_PRINTED, DE_BIC = "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX"
CH_IBAN, CH_IBAN_PRINTED = "CH9300762011623852957", "CH93 0076 2011 6238 5295 7"
CH_SELLER = {"legal_name": "Alpenglühen AG", "address_line1": "Bahnhofstrasse 10", "postal_code": "8001",
             "city": "Zürich", "country": "CH", "currency": "CHF"}
CH_BUYER = {"name": "Bergbahn GmbH", "country": "CH", "currency": "CHF", "address_line1": "Seeweg 3",
            "postal_code": "3000", "city": "Bern"}


def no_mail(invoice, reminder):
    pass


def send(actor, invoice):
    with transaction():
        return lifecycle.send_invoice(actor, invoice.id, no_mail)


def pay(actor, invoice, amount):
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": str(amount)})


def reference_format(actor, value):
    with transaction():
        actor.company.payment_reference_format = value


def epc_lines(content: bytes) -> list[str]:
    codes = qr_codes(content)
    assert len(codes) == 1, codes
    return codes[0][1].split("\n")


def amount_of(line: str, currency: str) -> Decimal:
    assert line.startswith(currency), line
    return Decimal(line[len(currency):])


def test_eur_invoice_prints_an_epc_code_with_its_structured_reference(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN, bic=DE_BIC)
    reference_format(seller, "rf")
    invoice = send(seller, ready_invoice())
    reference = creditor_reference(invoice.invoice_number)
    assert invoice.payment_reference == reference and invoice.amount_due > 0

    content = pdf.invoice_pdf(invoice).content
    lines = epc_lines(content)
    assert lines[:7] == ["BCD", "002", "1", "SCT", DE_BIC, "Nordlicht Software GmbH", DE_IBAN]
    assert amount_of(lines[7], "EUR") == invoice.amount_due
    assert lines[8:] == ["", reference]  # no purpose; the RF reference structured, no text

    text = pdf_text(read(content))
    for expected in ("HOW TO PAY", "Account holder Nordlicht Software GmbH", f"IBAN {DE_IBAN_PRINTED}",
                     f"BIC {DE_BIC}", f"Reference {printed(reference)}",
                     f"Amount due {fmt_money(invoice.amount_due, 'EUR')}", "Due date Jan 1, 2099"):
        assert expected in text, expected


def test_a_reference_that_is_not_rf_travels_as_text(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN)
    invoice = send(seller, ready_invoice())

    lines = epc_lines(pdf.invoice_pdf(invoice).content)
    assert lines[:7] == ["BCD", "002", "1", "SCT", "", "Nordlicht Software GmbH", DE_IBAN]  # no BIC given
    assert amount_of(lines[7], "EUR") == invoice.amount_due
    assert lines[8:] == ["", "", invoice.invoice_number]


def test_after_a_part_payment_the_code_asks_for_the_rest_and_the_cache_serves_the_new_pdf(
        seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN, bic=DE_BIC)
    invoice = send(seller, ready_invoice())
    before = pdf.invoice_pdf(invoice)
    total = invoice.amount_due
    assert amount_of(epc_lines(before.content)[7], "EUR") == total

    pay(seller, invoice, Decimal("1000.00"))
    after = pdf.invoice_pdf(invoice)
    assert invoice.amount_due == total - Decimal("1000.00")
    assert after.key != before.key and after.rendered is not None  # not the cached PDF of the full amount
    assert amount_of(epc_lines(after.content)[7], "EUR") == total - Decimal("1000.00")
    assert f"Amount due {fmt_money(invoice.amount_due, 'EUR')}" in pdf_text(read(after.content))
    assert pdf.invoice_pdf(invoice).key == after.key  # the same content is served from the cache


def test_chf_invoice_prints_a_swiss_qr_bill_on_a_page_of_its_own(actor, make_customer, make_invoice,
                                                                 make_bank_account):
    with transaction():
        accounts.update_company(actor, CH_SELLER)
    make_bank_account(actor, account_holder="Alpenglühen AG", iban=CH_IBAN, currency="CHF")
    reference_format(actor, "rf")
    customer = make_customer(**CH_BUYER)
    invoice = send(actor, make_invoice(customer=customer, currency="CHF", due_date="2099-01-01"))
    reference = creditor_reference(invoice.invoice_number)

    content = pdf.invoice_pdf(invoice).content
    reader = read(content)
    codes = qr_codes(content)
    assert len(codes) == 1 and codes[0][0] == len(reader.pages) - 1  # on the last page
    lines = codes[0][1].split("\r\n")
    assert lines[:4] == ["SPC", "0200", "1", CH_IBAN]
    assert lines[4:11] == ["S", "Alpenglühen AG", "Bahnhofstrasse 10", "", "8001", "Zürich", "CH"]  # creditor
    assert lines[11:18] == [""] * 7  # no ultimate creditor
    assert Decimal(lines[18]) == invoice.amount_due and lines[19] == "CHF"
    assert lines[20:27] == ["S", "Bergbahn GmbH", "Seeweg 3", "", "3000", "Bern", "CH"]  # debtor
    assert lines[27:31] == ["SCOR", reference, "", "EPD"]

    last_page = reader.pages[-1].extract_text()
    assert "Payment part" in last_page and "Receipt" in last_page and CH_IBAN_PRINTED in last_page
    text = pdf_text(reader)
    for expected in (f"IBAN {CH_IBAN_PRINTED}", f"Reference {printed(reference)}",
                     f"Amount due {fmt_money(invoice.amount_due, 'CHF')}"):
        assert expected in text, expected


def test_chf_bill_without_a_complete_buyer_address_leaves_the_debtor_blank_and_puts_a_plain_reference_aside(
        actor, make_customer, make_invoice, make_bank_account):
    with transaction():
        accounts.update_company(actor, CH_SELLER)
    make_bank_account(actor, account_holder="Alpenglühen AG", iban=CH_IBAN, currency="CHF")
    customer = make_customer(name="Walk-in client", country="CH", currency="CHF")
    invoice = send(actor, make_invoice(customer=customer, currency="CHF", due_date="2099-01-01"))

    lines = qr_codes(pdf.invoice_pdf(invoice).content)[0][1].split("\r\n")
    assert lines[3] == CH_IBAN and Decimal(lines[18]) == invoice.amount_due
    assert lines[20:27] == [""] * 7
    assert lines[27:31] == ["NON", "", invoice.invoice_number, "EPD"]


def test_paid_invoice_keeps_the_block_but_prints_no_code(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN, bic=DE_BIC)
    invoice = send(seller, ready_invoice())
    pay(seller, invoice, invoice.amount_due)
    assert invoice.status == "paid"

    content = pdf.invoice_pdf(invoice).content
    assert qr_codes(content) == []
    text = pdf_text(read(content))
    assert f"IBAN {DE_IBAN_PRINTED}" in text and f"Amount due {fmt_money(Decimal(0), 'EUR')}" in text


def test_cancelled_invoice_prints_no_code(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN)
    invoice = send(seller, ready_invoice())
    with transaction():
        lifecycle.cancel_invoice(seller, invoice.id, "Ordered twice")
    assert qr_codes(pdf.invoice_pdf(invoice).content) == []


def test_usd_invoice_to_a_us_account_prints_the_block_without_a_code(actor, make_invoice, make_bank_account):
    make_bank_account(actor, account_holder="Acme Studio LLC", account_number="000123456789",
                      routing_number="021000021", currency="USD")
    invoice = send(actor, make_invoice(due_date="2099-01-01"))
    assert invoice.currency == "USD"

    content = pdf.invoice_pdf(invoice).content
    assert qr_codes(content) == []
    text = pdf_text(read(content))
    for expected in ("HOW TO PAY", "Account holder Acme Studio LLC", "Account number 000123456789",
                     "Routing number (ABA) 021000021", f"Reference {invoice.invoice_number}",
                     f"Amount due {fmt_money(invoice.amount_due, 'USD')}"):
        assert expected in text, expected


def test_eur_invoice_to_an_account_outside_the_sepa_area_prints_no_code(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban="BR1500000000000010932840814P2")
    invoice = send(seller, ready_invoice())
    content = pdf.invoice_pdf(invoice).content
    assert qr_codes(content) == []
    assert "IBAN BR15 0000 0000 0000 1093 2840 814P 2" in pdf_text(read(content))


def test_an_invoice_without_an_account_has_no_block(seller, ready_invoice):
    invoice = send(seller, ready_invoice())
    content = pdf.invoice_pdf(invoice).content
    assert qr_codes(content) == []
    assert "HOW TO PAY" not in pdf_text(read(content))


def test_a_draft_shows_the_live_default_account(seller, ready_invoice, make_bank_account):
    invoice = ready_invoice()
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban=DE_IBAN, bic=DE_BIC)
    lines = epc_lines(pdf.invoice_pdf(invoice).content)
    assert lines[6] == DE_IBAN and amount_of(lines[7], "EUR") == invoice.amount_due


def test_an_iban_that_fails_its_check_is_printed_as_it_is_without_a_code(seller, ready_invoice, make_bank_account):
    make_bank_account(seller, account_holder="Nordlicht Software GmbH", iban="DE00370400440532013000")
    content = pdf.invoice_pdf(send(seller, ready_invoice())).content
    assert qr_codes(content) == []
    assert "IBAN DE00 3704 0044 0532 0130 00" in pdf_text(read(content))
