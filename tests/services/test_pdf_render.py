"""The invoice PDF read back with pypdf: number, parties, every item line, totals, stamp,
page size by locale, fonts, and a table that breaks across pages with its header repeated."""
from decimal import Decimal

import pytest

from app.invoices import lifecycle
from app.presentation import fmt_money
from app.rendering import pdf
from app.services import accounts, customers, transaction
from tests.support.pdf import pdf_text, read


def no_mail(invoice, reminder):
    pass


def test_one_page_invoice_shows_number_parties_items_and_exact_totals(actor, make_customer, make_invoice):
    with transaction():
        accounts.update_company(actor, {"legal_name": "Acme Studio LLC", "address_line1": "1 Main Street",
                                        "city": "Springfield", "region": "IL",
                                        "vat_id": "US-99-123"})
    customer = make_customer(legal_name="Acme Corporation Inc.", address_line1="500 Market St",
                             city="San Francisco", postal_code="94105", legal_vat="US-77-555")
    invoice = make_invoice(customer=customer, due_date="2099-01-01", notes="Thank you for your business",
                           payment_terms="Net 30", tax_id="VAT")
    reader = read(pdf.invoice_pdf(invoice).content)
    text = pdf_text(reader)

    assert len(reader.pages) == 1
    for expected in (invoice.invoice_number, "Acme Studio", "Acme Studio LLC", "1 Main Street", "VAT ID: US-99-123",
                     "Acme Corp", "Acme Corporation Inc.", "500 Market St", "San Francisco 94105", "United States",
                     "EIN / Tax ID: US-77-555", "Apr 15, 2025", "Jan 1, 2099", "Net 30", "Thank you for your business",
                     "Page 1 of 1"):
        assert expected in text, expected
    # Every item line: name, description, quantity with unit, unit price and line total.
    assert "Web Development" in text and "Full-stack web application development" in text
    assert "40 hour $150.00 $6,000.00" in text
    assert "UI/UX Design" in text and "User interface and experience design" in text
    assert "20 hour $120.00 $2,400.00" in text
    # Totals exactly as app/money.py stored them (DESIGN §4's seed example).
    assert (invoice.subtotal, invoice.discount_amount, invoice.tax_amount, invoice.total) == (
        Decimal("8400.00"), Decimal("840.00"), Decimal("1209.60"), Decimal("8769.60"))
    for label, amount in (("Subtotal", "$8,400.00"), ("Discount (10%)", "−$840.00"),
                          ("Subtotal after discount", "$7,560.00"), ("VAT (16%)", "$1,209.60"),
                          ("Total", "$8,769.60"), ("Amount due", "$8,769.60")):
        assert f"{label} {amount}" in text, label
    assert "Status Draft" in text
    for stamp in ("PAID", "CANCELLED", "REFUNDED"):
        assert stamp not in text


def test_multi_page_invoice_lists_every_line_and_repeats_the_table_header(make_invoice):
    items = [{"name": f"Line {n:03d}", "description": f"Work package {n}", "quantity": n % 7 + 1,
              "unit": "pc", "unit_price": f"{n}.25"} for n in range(1, 121)]
    invoice = make_invoice(items=items, discount_value=0, tax_rate=0, due_date="2099-01-01")
    reader = read(pdf.invoice_pdf(invoice).content)
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "ITEM QUANTITY UNIT PRICE AMOUNT" in page  # thead repeated on every page
    for item in invoice.items:
        line = f"{item.quantity.normalize():f} pc {fmt_money(item.unit_price, 'USD')} {fmt_money(item.total, 'USD')}"
        assert item.item_name in text and item.description in text
        assert line in text, line
    assert len(invoice.items) == 120
    assert f"Total {fmt_money(invoice.total, 'USD')}" in pages[-1]
    assert f"Amount due {fmt_money(invoice.amount_due, 'USD')}" in pages[-1]


def test_paid_invoice_carries_the_paid_stamp(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        lifecycle.record_payment(actor, invoice.id, {"amount": "8769.60"})
    text = pdf_text(read(pdf.invoice_pdf(invoice).content))
    assert "PAID" in text
    assert "Status Paid" in text and "Amount due $0.00" in text and "Paid −$8,769.60" in text


@pytest.mark.parametrize("action, stamp", [("cancel", "CANCELLED"), ("refund", "REFUNDED")])
def test_cancelled_and_refunded_stamps(actor, make_invoice, action, stamp):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        if action == "cancel":
            lifecycle.cancel_invoice(actor, invoice.id, "Ordered twice")
        else:
            lifecycle.record_payment(actor, invoice.id, {"amount": invoice.total})
            lifecycle.refund_invoice(actor, invoice.id, {})
    text = pdf_text(read(pdf.invoice_pdf(invoice).content))
    assert stamp in text and "PAID" not in text
    if action == "cancel":
        assert "no payment is due" in text and "Ordered twice" in text


def test_page_size_follows_the_company_locale(actor, make_invoice):
    """The paper is the company's; a German document of a de_DE company writes its figures
    as the company does (its customer is in the US, where German is not spoken: DESIGN §17)."""
    invoice = make_invoice(due_date="2099-01-01")
    letter = read(pdf.invoice_pdf(invoice).content).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    with transaction():
        accounts.update_company(actor, {"locale": "de_DE", "document_language": "de"})
    german = read(pdf.invoice_pdf(invoice).content)
    a4 = german.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    text = pdf_text(german)
    assert fmt_money(invoice.total, "USD", "de_DE") in text  # "8.769,60 $"
    assert "15.04.2025" in text or "15. Apr. 2025" in text


def test_latin1_and_currency_symbols_render_in_the_shipped_font(actor, make_customer, make_invoice):
    name = "Zoë Müller-Çağlar Ñandú"
    customer = make_customer(name=name, currency="EUR")
    items = [{"name": f"Prix {symbol}", "quantity": 1, "unit_price": 10} for symbol in "€£¥₹₩"]
    invoice = make_invoice(customer=customer, currency="EUR", items=items, due_date="2099-01-01")
    reader = read(pdf.invoice_pdf(invoice).content)
    text = pdf_text(reader)
    assert name in text
    for symbol in "€£¥₹₩":
        assert f"Prix {symbol}" in text
    assert f"Total {fmt_money(invoice.total, 'EUR')}" in text and "€" in fmt_money(invoice.total, "EUR")
    # Only the @font-face faces prepared from DejaVu (static/fonts) are embedded: no fallback
    # to whatever fontconfig would find on this machine.
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts == {"Corebill-Sans", "Corebill-Sans-Bold"}, fonts


def test_bill_to_is_the_snapshot_once_sent(actor, make_customer, make_invoice):
    customer = make_customer(name="Old Name Ltd")
    invoice = make_invoice(customer=customer, due_date="2099-01-01")
    with transaction():
        customers.update_customer(actor, customer.id, {"name": "Renamed While Draft"})
    assert "Renamed While Draft" in pdf_text(read(pdf.invoice_pdf(invoice).content))
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        customers.update_customer(actor, customer.id, {"name": "Renamed After Send"})
    text = pdf_text(read(pdf.invoice_pdf(invoice).content))
    assert "Renamed While Draft" in text and "Renamed After Send" not in text
    assert "Status Open" in text


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])  # Letter and A4
def test_items_table_stays_inside_the_page_margins(actor, make_invoice, locale):
    from weasyprint import CSS, HTML

    from app.rendering.fetcher import StaticOnlyFetcher

    with transaction():
        accounts.update_company(actor, {"locale": locale})
    invoice = make_invoice(due_date="2099-01-01")
    base = pdf.static_root().as_uri() + "/"
    fetcher = StaticOnlyFetcher(pdf.static_root())
    document = HTML(string=pdf.render_html(invoice), base_url=base, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=pdf.stylesheet(), base_url=base, url_fetcher=fetcher)])
    page = document.pages[0]._page_box
    right_margin = page.margin_width() - page.margin_right
    tables = [box for box in _boxes(page) if getattr(box, "element_tag", None) == "table"
              and "items" in (box.element.get("class") or "").split()]
    assert tables, "the items table was laid out"
    for table in tables:
        assert table.position_x + table.margin_width() <= right_margin + 0.01
