"""The invoice page's e-invoice card: readiness before sending, XML downloads; the company
setting in Settings."""
from __future__ import annotations

import re
from html import unescape

from lxml import etree

from app.services import accounts, transaction
from tests.support.data import BUYER_FIELDS, SELLER_FIELDS
from tests.support.html import text_of


def test_a_draft_lists_what_the_formats_lack_before_sending(client, owner, make_invoice):
    invoice = make_invoice()
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert "E-invoice" in html and "Before sending" in html
    assert "The seller's VAT id is missing." in html and "The buyer's street address is missing." in html
    assert "XRechnung needs the buyer reference" in html and "(XRechnung only)" in html
    assert "Download XML" not in html
    response = client.get(f"/invoices/{invoice.id}/einvoice?format=ubl")
    assert response.status_code == 409
    assert "seller.vat_id" in unescape(text_of(response))


def test_a_ready_invoice_offers_the_downloads(client, owner, make_customer, make_invoice):
    with transaction():
        accounts.update_company(owner, SELLER_FIELDS)
    invoice = make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR")
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert html.count("Download XML") == 2   # Factur-X and UBL; XRechnung lacks the buyer reference
    assert f"/invoices/{invoice.id}/einvoice?format=ubl" in html
    response = client.get(f"/invoices/{invoice.id}/einvoice?format=ubl")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert etree.fromstring(response.data).tag.endswith("}Invoice")
    assert client.get(f"/invoices/{invoice.id}/einvoice?format=nope").status_code == 400


def test_the_setting_is_on_by_default_and_can_be_switched_off(client, owner, db):
    assert owner.company.einvoice_pdf is True
    checkbox = re.search(r'<input[^>]*name="einvoice_pdf"[^>]*>', text_of(client.get("/settings"))).group(0)
    assert "checked" in checkbox
    data = {"name": "Acme Studio", "invoice_prefix": "INV", "currency": "USD", "timezone": "UTC", "locale": "en_US"}
    assert client.post("/settings", data=data).status_code == 302
    db.session.refresh(owner.company)
    assert owner.company.einvoice_pdf is False
    assert client.post("/settings", data={**data, "einvoice_pdf": "y"}).status_code == 302
    db.session.refresh(owner.company)
    assert owner.company.einvoice_pdf is True


def _credit_note(owner, invoice, amount="50"):
    from app.credit_notes import service as credit_notes
    from app.invoices import lifecycle
    with transaction():
        lifecycle.send_invoice(owner, invoice.id, deliver=lambda *_: None)
    with transaction():
        return credit_notes.create_credit_note(owner, {"invoice_id": invoice.id, "amount": amount})


def test_a_credit_notes_page_offers_its_downloads(client, owner, make_customer, make_invoice):
    with transaction():
        accounts.update_company(owner, SELLER_FIELDS)
    invoice = make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR", due_date="2099-01-01")
    note = _credit_note(owner, invoice)
    html = unescape(text_of(client.get(f"/credit_notes/{note.id}")))
    assert "E-invoice" in html and html.count("Download XML") == 2   # XRechnung lacks the buyer reference
    assert f"/credit_notes/{note.id}/einvoice?format=facturx" in html
    assert "XRechnung needs the buyer reference" in html and "Before sending" not in html
    response = client.get(f"/credit_notes/{note.id}/einvoice?format=ubl")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert f"{note.number}-ubl.xml" in response.headers["Content-Disposition"]
    root = etree.fromstring(response.data)
    assert root.tag.endswith("}CreditNote") and invoice.invoice_number.encode() in response.data
    assert client.get(f"/credit_notes/{note.id}/einvoice?format=nope").status_code == 400
    assert client.get(f"/credit_notes/{note.id}/einvoice?format=xrechnung").status_code == 409


def test_a_credit_note_of_a_not_ready_invoice_names_what_it_lacks(client, owner, make_invoice):
    note = _credit_note(owner, make_invoice(due_date="2099-01-01"))
    html = unescape(text_of(client.get(f"/credit_notes/{note.id}")))
    assert "Download XML" not in html and "The seller's VAT id is missing." in html
    response = client.get(f"/credit_notes/{note.id}/einvoice?format=ubl")
    assert response.status_code == 409 and "seller.vat_id" in unescape(text_of(response))
    assert "credit note is not ready" in unescape(text_of(response))


def test_another_companys_credit_note_einvoice_is_404(client, owner, make_account, make_invoice):
    other = make_account(company="Other Co")
    note = _credit_note(other, make_invoice(who=other, due_date="2099-01-01"))
    assert client.get(f"/credit_notes/{note.id}/einvoice?format=ubl").status_code == 404
