"""Credit notes in the dashboard (DESIGN §11) and what is owed at every door: the issue form
(by amount, by lines, field errors), the list, a credit note's page, PDF, email and public
link, and an invoice walked through adjust → partial payment → refund → cancel with every
figure checked after every step in the API's JSON and on the invoice's page."""
import re
from decimal import Decimal
from html import unescape

import pytest

from app.models import CreditNote
from app.rendering import outbox
from app.services import accounts, transaction
from tests.support.api import ApiClient
from tests.support.html import field_error, flashes, text_of

D = Decimal



@pytest.fixture()
def api(client, owner):
    with transaction():
        _, raw = accounts.create_api_key(owner.user, "tests")
    return ApiClient(client, raw, owner.company.id)


def page_figure(html: str, label: str) -> str | None:
    """A figure at the top of the invoice page ("Amount due" -> "$8,653.60")."""
    match = re.search(r'<span class="label">' + label + r'</span><span class="amount big"[^>]*>(.*?)</span>', html)
    return unescape(match.group(1)) if match else None


def money(value: str) -> str:
    return f"${D(value):,.2f}"


def check_figures(client, api, invoice, *, credited, paid, refunded, due, status):
    data = api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]
    assert (data["amount_credited"], data["amount_paid"], data["amount_refunded"], data["amount_due"],
            data["status"]) == (D(credited), D(paid), D(refunded), D(due), status)
    assert data["total"] - data["amount_credited"] - (data["amount_paid"] - data["amount_refunded"]) == \
        (0 if status == "cancelled" else data["amount_due"])
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    assert page_figure(html, "Amount due") == money(due)
    assert page_figure(html, "Paid") == money(paid)
    assert page_figure(html, "Credited") == (money(credited) if D(credited) else None)
    assert re.search(r'data-total="due">' + re.escape(money(due)) + "<", html)
    public = text_of(client.get(f"/i/{data['public_token']}"))
    assert f'<p class="amount-due">{money(due)}</p>' in public
    return data


STEPS = [  # (what, api call, dashboard post, figures after)
    ("adjust", ("post", "/v1/credit_notes", {"amount": "116"}), ("/credit_note", {"mode": "amount", "amount": "116"}),
     dict(credited="116", paid="0", refunded="0", due="8653.60", status="sent")),
    ("pay", ("post", "/record_payment", {"amount": "3000"}), ("/payment", {"amount": "3000"}),
     dict(credited="116", paid="3000", refunded="0", due="5653.60", status="partial")),
    ("refund", ("post", "/refund", {"amount": "1000"}), ("/refund", {"amount": "1000", "reason": "Broken"}),
     dict(credited="1116", paid="3000", refunded="1000", due="5653.60", status="partial")),
    ("cancel", ("post", "/cancel", {}), ("/cancel", {"reason": "Ordered twice"}),
     dict(credited="6769.60", paid="3000", refunded="1000", due="0", status="cancelled")),
]


@pytest.mark.parametrize("door", ["api", "dashboard"])
def test_adjust_pay_refund_cancel_every_figure_at_every_door(client, api, sent_invoice, door):
    invoice = sent_invoice
    check_figures(client, api, invoice, credited="0", paid="0", refunded="0", due="8769.60", status="sent")
    for what, (method, path, body), (page, form), expected in STEPS:
        if door == "api":
            if path == "/v1/credit_notes":
                response = api.post(path, json={"invoice_id": invoice.id, **body})
            else:
                response = api.post(f"/v1/invoices/{invoice.id}{path}", json=body)
            assert response.status_code in (200, 201), (what, response.get_json())
        else:
            response = client.post(f"/invoices/{invoice.id}{page}", data=form)
            assert response.status_code == 302, (what, text_of(response))
        check_figures(client, api, invoice, **expected)
    notes = api.get("/v1/credit_notes", invoice_id=invoice.id).get_json()["data"]
    assert [(note["type"], note["total"]) for note in reversed(notes)] == [
        ("adjustment", 116), ("refund", 1000), ("cancellation", D("5653.6"))]
    assert [note["number"][-6:] for note in reversed(notes)] == ["000001", "000002", "000003"]
    html = text_of(client.get(f"/invoices/{invoice.id}"))
    for note in notes:  # listed on the invoice and in its timeline
        assert f">{note['number']}</a>" in html
        assert f"Credit note issued {note['number']} ({note['type']})" in html


def test_issue_form_shows_field_errors_and_changes_nothing(client, owner, sent_invoice):
    path = f"/invoices/{sent_invoice.id}/credit_note"
    html = text_of(client.get(path))
    assert "Issue a credit note for" in html and 'name="csrf_token"' in html
    response = client.post(path, data={"mode": "amount", "amount": ""})
    assert response.status_code == 400
    assert field_error(text_of(response), "amount") == "Enter an amount or choose lines."
    response = client.post(path, data={"mode": "amount", "amount": "9000"})
    assert "cannot exceed the invoice's amount due ($8,769.60)" in field_error(text_of(response), "amount")
    response = client.post(path, data={"mode": "lines", "items-0-quantity": "2", "items-0-unit_price": "10",
                                       "items-1-description": "Fine", "items-1-unit_price": "abc"})
    html = text_of(response)
    assert field_error(html, "items-0-description") == "This field is required."
    assert field_error(html, "items-1-unit_price")
    assert CreditNote.query.count() == 0


def test_issue_by_lines_from_the_dashboard(client, owner, sent_invoice):
    response = client.post(f"/invoices/{sent_invoice.id}/credit_note",
                           data={"mode": "lines", "items-0-description": "Returned chair", "items-0-quantity": "2",
                                 "items-0-unit_price": "50", "reason": "Damaged"}, follow_redirects=True)
    html = text_of(response)
    assert any(message.startswith("Credit note CN-") and "$116.00" in message for message in flashes(html))
    note = CreditNote.query.one()
    assert (note.total, note.tax_amount, note.reason, note.lines[0].item_name) == (D(116), D(16), "Damaged",
                                                                                  "Returned chair")


def test_no_form_for_drafts(client, owner, make_invoice):
    draft = make_invoice(due_date="2099-01-01")
    html = text_of(client.get(f"/invoices/{draft.id}"))
    assert ">Issue credit note</a>" not in html
    response = client.get(f"/invoices/{draft.id}/credit_note", follow_redirects=True)
    assert "No credit note can be issued for this invoice" in text_of(response)


def test_list_page_pdf_send_and_public_link(client, app, api, sent_invoice):
    note = api.post("/v1/credit_notes", json={"invoice_id": sent_invoice.id, "amount": 116,
                                              "reason": "Discount agreed"}).get_json()["data"]
    html = text_of(client.get("/credit_notes"))
    assert note["number"] in html and sent_invoice.invoice_number in html and "$116.00" in html
    page = text_of(client.get(f"/credit_notes/{note['id']}"))
    assert f"/c/{note['public_token']}" in page and "Discount agreed" in page
    pdf = client.get(f"/credit_notes/{note['id']}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    response = client.post(f"/credit_notes/{note['id']}/send", follow_redirects=True)
    assert f"Credit note {note['number']} sent to billing@acme.example.com." in flashes(text_of(response))
    messages = outbox.messages(company_id=sent_invoice.company.id)
    assert any(message.subject.startswith(f"Credit note {note['number']}") for message in messages)
    client.post("/logout")
    public = client.get(f"/c/{note['public_token']}")
    body = text_of(public)
    assert public.status_code == 200 and public.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in public.headers["X-Robots-Tag"] and note["number"] in body
    assert f"Corrects invoice {sent_invoice.invoice_number}" in body
    assert "Taxable amount" in body  # the tax summary, as on the credit note's PDF
    assert client.get(f"/c/{note['public_token']}/pdf").data.startswith(b"%PDF")
    assert client.get("/c/" + "x" * 43).status_code == 404


def test_pdf_is_titled_credit_note_and_names_the_invoice(app, owner, sent_invoice):
    import io

    from pypdf import PdfReader

    from app.credit_notes import service as credit_notes
    from app.rendering.pdf import credit_note_pdf
    with transaction():
        note = credit_notes.create_credit_note(owner, {"invoice_id": sent_invoice.id, "amount": "116"})
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(credit_note_pdf(note).content)).pages)
    assert "Credit note" in text and note.number in text
    assert f"Corrects invoice {sent_invoice.invoice_number}" in text and "Apr 15, 2025" in text
    assert "$116.00" in text and "Invoice\n" not in text.split("Credit note", 1)[0]
