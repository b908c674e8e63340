"""Rendered PDFs are cached by content in a folder under the instance path: the same
content is served from the cache, any change to invoice, customer or company is a new
document; downloads carry an ETag from that content hash."""
import hashlib
import uuid
from pathlib import Path

from app.invoices import service as invoices
from app.rendering import pdf
from app.services import accounts, customers, transaction
from app.services.accounts import create_api_key


def unique_invoice(make_invoice, **fields):
    return make_invoice(notes=f"marker {uuid.uuid4().hex}", due_date="2099-01-01", **fields)


def test_second_request_comes_from_the_shared_cache(app, make_invoice):
    invoice = unique_invoice(make_invoice)
    first = pdf.invoice_pdf(invoice)
    second = pdf.invoice_pdf(invoice)
    assert first.rendered is not None and second.rendered is None
    assert first.key == second.key and first.content == second.content
    stored = pdf.cache().path(first.key)
    assert stored.read_bytes() == first.content
    assert Path(app.instance_path).resolve() in stored.resolve().parents
    assert second.filename == f"{invoice.invoice_number}.pdf"


def test_changes_to_invoice_customer_or_company_give_a_new_document(actor, make_invoice):
    invoice = unique_invoice(make_invoice)
    keys = [pdf.invoice_pdf(invoice).key]
    with transaction():
        invoices.update_invoice(actor, invoice.id, {"payment_terms": "Net 45"})
    keys.append(pdf.invoice_pdf(invoice).key)
    with transaction():
        customers.update_customer(actor, invoice.customer.id, {"city": "Springfield"})
    keys.append(pdf.invoice_pdf(invoice).key)
    with transaction():
        accounts.update_company(actor, {"vat_id": "GB123456789"})
    keys.append(pdf.invoice_pdf(invoice).key)
    assert len(set(keys)) == 4
    # Going back to identical content finds the earlier document again.
    with transaction():
        accounts.update_company(actor, {"vat_id": None})
        customers.update_customer(actor, invoice.customer.id, {"city": None})
        invoices.update_invoice(actor, invoice.id, {"payment_terms": None})
    again = pdf.invoice_pdf(invoice)
    assert again.key == keys[0] and again.rendered is None


def test_the_key_covers_the_stylesheet_and_renderer(app):
    with app.app_context():
        text, digest = pdf._stylesheet_and_digest()
    assert "@font-face" in text and "@page" in text
    assert digest == hashlib.sha256(text.encode()).hexdigest()
    html = "<p>same</p>"
    assert pdf.content_key(html, "a {}") != pdf.content_key(html, "b {}")
    assert pdf.content_key(html, "a {}") == pdf.content_key(html, "a {}")
    assert pdf.content_key("ab", "c") != pdf.content_key("a", "bc")


def test_dashboard_helper_response_headers_and_conditional_get(app, make_invoice):
    invoice = unique_invoice(make_invoice)
    with app.test_request_context():
        response = pdf.pdf_response(invoice)
        key = pdf.invoice_pdf(invoice).key
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={invoice.invoice_number}.pdf"
    assert response.headers["ETag"] == f'"{key}"'
    assert "private" in response.headers["Cache-Control"]
    assert response.get_data().startswith(b"%PDF-")
    with app.test_request_context(headers={"If-None-Match": f'"{key}"'}):
        assert pdf.pdf_response(invoice).status_code == 304
    with app.test_request_context():
        named = pdf.pdf_response(invoice, filename="copy.pdf")
    assert named.headers["Content-Disposition"] == "attachment; filename=copy.pdf"


def test_api_download_needs_a_key_of_the_company(client, actor, make_account, make_invoice):
    invoice = unique_invoice(make_invoice)
    with transaction():
        _key, raw = create_api_key(actor.user, "docs")
    other = make_account(company="Other Co")
    with transaction():
        _other_key, other_raw = create_api_key(other.user, "other")
    url = f"/v1/invoices/{invoice.id}/pdf?company_id={actor.company.id}"

    response = client.get(url, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["ETag"] == f'"{pdf.invoice_pdf(invoice).key}"'
    assert client.get(url, headers={"Authorization": f"Bearer {raw}",
                                    "If-None-Match": response.headers["ETag"]}).status_code == 304

    assert client.get(url).status_code == 401
    foreign = client.get(url, headers={"Authorization": f"Bearer {other_raw}"})
    assert foreign.status_code == 404 and foreign.get_json()["error"]["param"] == "company_id"
    wrong = client.get(f"/v1/invoices/{invoice.id}/pdf?company_id={other.company.id}",
                       headers={"Authorization": f"Bearer {other_raw}"})
    assert wrong.status_code == 404 and wrong.get_json()["error"]["code"] == "resource_missing"
    missing = client.get(f"/v1/invoices/inv_000000000000/pdf?company_id={actor.company.id}",
                         headers={"Authorization": f"Bearer {raw}"})
    assert missing.status_code == 404


def test_api_download_that_runs_too_long_is_a_json_503(app, client, actor, make_invoice):
    invoice = unique_invoice(make_invoice, items=[{"name": f"L{n}", "quantity": 1, "unit_price": 1}
                                                  for n in range(300)])
    with transaction():
        _key, raw = create_api_key(actor.user, "docs")
    app.config["PDF_RENDER_TIMEOUT"] = 0.01
    try:
        response = client.get(f"/v1/invoices/{invoice.id}/pdf?company_id={actor.company.id}",
                              headers={"Authorization": f"Bearer {raw}"})
    finally:
        app.config.pop("PDF_RENDER_TIMEOUT")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "render_failed"
    assert "longer than" in response.get_json()["error"]["message"]
