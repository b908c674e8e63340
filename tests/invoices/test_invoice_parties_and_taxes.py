"""What an invoice must say (DESIGN §10), through every door that shows it:

- a sent invoice keeps its seller and buyer as they were when it was sent: later edits to the
  company, the customer or a tax rate change neither its PDF text, nor its public page, nor
  its JSON; a draft shows the live company and customer;
- an invoice with several rates shows the same figures (subtotal, each rate's taxable amount
  and tax, total) on the dashboard, the public page, the PDF and in the API's JSON;
- the supply date, the buyer reference and the reverse-charge / exemption texts are printed."""
import io
import re
from decimal import Decimal
from html import unescape

from pypdf import PdfReader

from app.extensions import db
from app.invoices import service as invoices
from app.rendering import pdf
from app.services import accounts, customers, tax_rates, transaction
from tests.support.api import ApiClient
from tests.support.documents import send_invoice

EXPECTED = {"subtotal": Decimal("171.00"), "total": Decimal("191.47"),
            "rates": [("VAT 19%", Decimal("100.00"), Decimal("19.00")), ("VAT 7%", Decimal("21.00"), Decimal("1.47")),
                      ("VAT 0% (reverse charge)", Decimal("50.00"), Decimal("0.00"))]}


def pdf_text(invoice) -> str:
    db.session.expire_all()
    invoice = db.session.get(type(invoice), invoice.pk)
    reader = PdfReader(io.BytesIO(pdf.invoice_pdf(invoice).content))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_rates(html: str) -> list[tuple[str, str, str]]:
    """(label, taxable, tax) of each row of a page's tax summary."""
    rows = re.findall(r'<tr data-rate="\d+"><th scope="row">(.*?)</th><td class="num" data-taxable>(.*?)</td>'
                      r'<td class="num" data-tax>(.*?)</td></tr>', html)
    return [tuple(unescape(cell) for cell in row) for row in rows]


def page_total(html: str, name: str) -> str:
    return unescape(re.search(rf'<td data-total="{name}">(.*?)</td>', html).group(1))


def usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def api_client(app, actor) -> ApiClient:
    with transaction():
        _, raw = accounts.create_api_key(actor.user, "tests")
    return ApiClient(app.test_client(), raw, actor.company.id)


def test_several_rates_show_the_same_figures_at_every_door(app, client, login, actor, world):
    invoice = world["invoice"]
    assert (invoice.subtotal, invoice.total) == (EXPECTED["subtotal"], EXPECTED["total"])
    send_invoice(actor, invoice)
    expected_rows = [(label, usd(taxable), usd(tax)) for label, taxable, tax in EXPECTED["rates"]]

    login(actor.user.email)
    dashboard = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    public = app.test_client().get(f"/i/{invoice.public_token}").get_data(as_text=True)
    for html in (dashboard, public):
        assert page_rates(html) == expected_rows
        assert page_total(html, "subtotal") == usd(EXPECTED["subtotal"])
        assert page_total(html, "total") == usd(EXPECTED["total"])

    text = pdf_text(invoice)
    for label, taxable, tax in expected_rows:
        assert f"{label} {taxable} {tax}" in text, label
    assert f"Subtotal {usd(EXPECTED['subtotal'])}" in text and f"Total {usd(EXPECTED['total'])}" in text

    document = api_client(app, actor).get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert Decimal(str(document["subtotal"])) == EXPECTED["subtotal"]
    assert Decimal(str(document["total"])) == EXPECTED["total"]
    assert Decimal(str(document["tax_amount"])) == sum(tax for _, _, tax in EXPECTED["rates"])
    assert [(Decimal(str(entry["taxable_amount"])), Decimal(str(entry["tax_amount"])))
            for entry in document["tax_breakdown"]] == [(taxable, tax) for _, taxable, tax in EXPECTED["rates"]]


def test_the_law_s_wording_is_printed(app, actor, world):
    invoice = world["invoice"]
    send_invoice(actor, invoice)
    text = pdf_text(invoice)
    public = unescape(app.test_client().get(f"/i/{invoice.public_token}").get_data(as_text=True))
    for shown in (text, public):
        assert "Acme Studio GmbH" in shown and "Hauptstraße 1" in shown and "10115 Berlin" in shown
        assert "VAT ID: DE136695976" in shown
        assert "Globex Handels GmbH" in shown and "Ringstraße 5" in shown and "1010 Wien" in shown
        assert "VAT ID: ATU13585627" in shown and "PO-2025-0042" in shown
        assert "Supply period: Mar 1, 2025 – Mar 31, 2025" in shown
        assert "Reverse charge" in shown and "Article 196" in shown
    # One category's notice is printed once, however many items carry it; a reason that
    # starts with the label is not labelled twice.
    assert public.count("Article 196") == 1 and "Reverse charge: Reverse charge" not in text


def test_without_a_supply_date_the_issue_date_is_printed(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    assert "Supply date: Apr 15, 2025" in pdf_text(invoice)
    with transaction():
        invoice = invoices.get_invoice(actor, invoice.id)
        invoice.supply_date = invoice.issue_date.replace(day=10)
    assert "Supply date: Apr 10, 2025" in pdf_text(invoice)


def test_a_sent_invoice_never_changes_when_company_customer_or_rate_change(app, actor, world):
    invoice, customer = world["invoice"], world["customer"]
    send_invoice(actor, invoice)
    visitor, api = app.test_client(), api_client(app, actor)
    visitor.get(f"/i/{invoice.public_token}")  # the first view makes it viewed; from now on nothing changes
    before = (pdf_text(invoice), visitor.get(f"/i/{invoice.public_token}").get_data(as_text=True),
              api.get(f"/v1/invoices/{invoice.id}").get_json())
    assert "Acme Studio GmbH" in before[0] and "Globex Handels GmbH" in before[1]

    with transaction():
        accounts.update_company(actor, {"name": "Renamed Studio", "legal_name": "Renamed GmbH",
                                        "address_line1": "Neue Straße 9", "city": "Hamburg", "postal_code": "20095",
                                        "vat_id": "DE 129 273 398", "email": "new@acme.example"})
        customers.update_customer(actor, customer.id, {"name": "Globex Renamed", "legal_name": "Globex Neu AG",
                                                       "address_line1": "Kärntner Straße 1", "city": "Graz",
                                                       "legal_vat": "ATU13585627", "buyer_reference": "NEW-REF"})
        tax_rates.update_tax_rate(actor, world["rates"]["vat19"].id, {"percentage": "20", "name": "MwSt"})
        tax_rates.update_tax_rate(actor, world["rates"]["rc"].id, {"exemption_reason": "Changed wording."})

    after = (pdf_text(invoice), visitor.get(f"/i/{invoice.public_token}").get_data(as_text=True),
             api.get(f"/v1/invoices/{invoice.id}").get_json())
    assert after[0] == before[0]
    assert after[1] == before[1]
    # The invoice's own fields never change. Its ``customer`` is a reference to the customer
    # resource (id, name, email: where reminders go), so it reads the customer as it is now.
    invoice_fields = {key: value for key, value in after[2]["data"].items() if key != "customer"}
    assert invoice_fields == {key: value for key, value in before[2]["data"].items() if key != "customer"}
    assert after[2]["data"]["customer"] == {**before[2]["data"]["customer"], "name": "Globex Renamed"}
    for gone in ("Renamed", "Neue Straße", "Globex Neu AG", "NEW-REF", "MwSt", "Changed wording"):
        assert gone not in after[0] and gone not in after[1]


def test_a_draft_shows_the_live_company_and_customer(actor, world):
    invoice, customer = world["invoice"], world["customer"]
    assert "Acme Studio GmbH" in pdf_text(invoice)
    with transaction():
        accounts.update_company(actor, {"legal_name": "Renamed GmbH", "address_line1": "Neue Straße 9"})
        customers.update_customer(actor, customer.id, {"legal_name": "Globex Neu AG", "buyer_reference": "NEW-REF"})
    text = pdf_text(invoice)
    assert "Renamed GmbH" in text and "Neue Straße 9" in text and "Globex Neu AG" in text and "NEW-REF" in text
    assert "Acme Studio GmbH" not in text and "PO-2025-0042" not in text
    # Sending freezes what it shows then.
    send_invoice(actor, invoice)
    db.session.expire_all()
    sent = invoices.get_invoice(actor, invoice.id)
    assert sent.seller_snapshot["legal_name"] == "Renamed GmbH"
    assert sent.seller_snapshot["vat_id"] == "DE136695976"
    assert sent.billing_snapshot["buyer_reference"] == "NEW-REF"
    assert sent.billing_snapshot["postal_code"] == sent.billing_snapshot["zipcode"] == "1010"
