"""GET /v1/invoices/<id>/einvoice?format=…: the XML (valid), 409 naming what is missing,
400 for an unknown format, 404 for another company's invoice; and the OpenAPI entry."""
from __future__ import annotations

from lxml import etree

from app.einvoice.validation import validate
from app.invoices import service as invoices
from app.services import accounts, customers, transaction
from tests.support.data import BUYER_FIELDS, SELLER_FIELDS


def ready(actor, make_customer, make_invoice):
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
    return make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR")


def test_each_format_answers_valid_xml(api, actor, make_customer, make_invoice):
    invoice = ready(actor, make_customer, make_invoice)
    for fmt, root in (("facturx", "CrossIndustryInvoice"), ("ubl", "Invoice"), (None, "CrossIndustryInvoice")):
        response = api.get(f"/v1/invoices/{invoice.id}/einvoice", **({"format": fmt} if fmt else {}))
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/xml"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert etree.fromstring(response.data).tag.endswith("}" + root)
        assert validate(response.data).ok


def test_not_ready_is_a_409_naming_the_missing_fields(api, actor, make_customer, make_invoice):
    invoice = ready(actor, make_customer, make_invoice)
    response = api.get(f"/v1/invoices/{invoice.id}/einvoice", format="xrechnung")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "einvoice_not_ready" and error["param"] == "buyer_reference"
    assert "buyer_reference" in error["message"] and "XRechnung" in error["message"]
    with transaction():
        customers.update_customer(actor, invoice.customer.id, {"legal_vat": None, "legal_address": None})
        accounts.update_company(actor, {"vat_id": None})
    error = api.get(f"/v1/invoices/{invoice.id}/einvoice", format="ubl").get_json()["error"]
    assert error["param"] == "seller.vat_id"
    assert "seller.vat_id" in error["message"] and "buyer.address_line1" in error["message"]


def test_an_unknown_format_is_a_400(api, make_invoice):
    invoice = make_invoice()
    response = api.get(f"/v1/invoices/{invoice.id}/einvoice", format="pdf")
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == "format"


def test_another_companys_invoice_is_404(api, make_account, make_invoice):
    other = make_account(company="Other Co")
    invoice = make_invoice(who=other)
    response = api.get(f"/v1/invoices/{invoice.id}/einvoice", format="ubl")
    assert response.status_code == 404
    assert invoices.get_invoice(other, invoice.id).id == invoice.id


def test_openapi_describes_the_operation(client):
    spec = client.get("/v1/openapi.json").get_json()
    operation = spec["paths"]["/v1/invoices/{id}/einvoice"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]
    assert "409" in operation["responses"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert parameter["schema"]["$ref"].endswith("EinvoiceFormat")
