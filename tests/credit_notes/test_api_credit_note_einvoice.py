"""GET /v1/credit_notes/<id>/einvoice?format=…: a type 381 e-invoice naming the invoice it
corrects (valid in each format, its totals the credit note's), 409 naming what is missing,
400 for an unknown format, 404 for another company's credit note; and the OpenAPI entry."""
from __future__ import annotations

from decimal import Decimal

from lxml import etree

from app.credit_notes import service as credit_notes
from app.einvoice.validation import validate
from app.services import accounts, transaction
from tests.support.api import send
from tests.support.data import BUYER_FIELDS, SELLER_FIELDS

CII = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
       "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}
UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
       "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}


def credit_note(api, actor, make_customer, make_invoice, **body):
    """A credit note on a sent invoice of a seller and a buyer that have all the formats need."""
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
    invoice = make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR", due_date="2099-01-01")
    send(api, invoice.id)
    response = api.post("/v1/credit_notes", json={"invoice_id": invoice.id, **(body or {"amount": "100"})})
    assert response.status_code == 201, response.get_json()
    return invoice, response.get_json()["data"]


def test_each_format_answers_a_valid_credit_note_naming_the_invoice(api, actor, make_customer, make_invoice):
    invoice, note = credit_note(api, actor, make_customer, make_invoice, amount="100")
    # Given as an amount: the e-invoice carries the split it was issued with.
    assert credit_notes.split_of(credit_notes.get_credit_note(actor, note["id"])).total == 100
    for fmt in ("facturx", "xrechnung", "ubl", None):
        response = api.get(f"/v1/credit_notes/{note['id']}/einvoice", **({"format": fmt} if fmt else {}))
        if fmt == "xrechnung":  # the buyer has no buyer reference (Leitweg-ID)
            assert response.status_code == 409
            assert response.get_json()["error"]["param"] == "buyer_reference"
            assert "The credit note is not ready" in response.get_json()["error"]["message"]
            continue
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/xml"
        assert note["number"] in response.headers["Content-Disposition"]
        report = validate(response.data)
        assert report.ok, report.summary()
        root = etree.fromstring(response.data)
        if fmt == "ubl":
            assert root.tag.endswith("}CreditNote")
            assert root.findtext("cbc:CreditNoteTypeCode", namespaces=UBL) == "381"
            assert root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
                                 namespaces=UBL) == invoice.invoice_number
            assert Decimal(root.findtext("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", namespaces=UBL)) == 100
            assert Decimal(root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=UBL)) == Decimal(
                str(note["tax_amount"]))
        else:
            assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=CII) == "381"
            assert root.findtext(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
                                 namespaces=CII) == invoice.invoice_number
            assert Decimal(root.findtext(".//ram:GrandTotalAmount", namespaces=CII)) == 100


def test_a_credit_note_by_lines_validates(api, actor, make_customer, make_invoice):
    _, note = credit_note(api, actor, make_customer, make_invoice,
                          lines=[{"description": "Returned part", "quantity": 2, "unit_price": 50}])
    assert credit_notes.split_of(credit_notes.get_credit_note(actor, note["id"])) is None
    response = api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="ubl")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert validate(response.data).ok
    root = etree.fromstring(response.data)
    assert root.findtext("cac:CreditNoteLine/cac:Item/cbc:Name", namespaces=UBL) == "Returned part"
    assert Decimal(root.findtext("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", namespaces=UBL)) == Decimal(
        str(note["total"]))


def test_a_cancellation_credits_the_amount_due_and_validates(api, actor, make_customer, make_invoice):
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
    invoice = make_invoice(customer=make_customer(**BUYER_FIELDS), currency="EUR", due_date="2099-01-01")
    send(api, invoice.id)
    assert api.post(f"/v1/invoices/{invoice.id}/cancel").status_code == 200
    (note,) = api.get("/v1/credit_notes", invoice_id=invoice.id).get_json()["data"]
    assert note["type"] == "cancellation"
    response = api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="facturx")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert validate(response.data).ok
    root = etree.fromstring(response.data)
    assert Decimal(root.findtext(".//ram:GrandTotalAmount", namespaces=CII)) == Decimal(str(note["total"]))
    assert Decimal(root.findtext(".//ram:TaxTotalAmount", namespaces=CII)) == Decimal(str(note["tax_amount"]))


def test_the_parties_are_those_the_invoice_was_sent_to(api, actor, make_customer, make_invoice):
    from app.services import customers
    invoice, note = credit_note(api, actor, make_customer, make_invoice)
    with transaction():
        accounts.update_company(actor, {"vat_id": None})
        customers.update_customer(actor, invoice.customer.id, {"buyer_reference": "04011000-12345-34"})
    # The invoice was sent with the seller's VAT id and no buyer reference: its snapshots rule.
    assert api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="ubl").status_code == 200
    assert api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="xrechnung").status_code == 409


def test_a_not_ready_company_is_a_409(api, actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    send(api, invoice.id)
    note = api.post("/v1/credit_notes", json={"invoice_id": invoice.id, "amount": "50"}).get_json()["data"]
    response = api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="ubl")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "einvoice_not_ready" and "seller.vat_id" in error["message"]
    assert "credit note" in error["message"]


def test_an_unknown_format_is_a_400(api, actor, make_customer, make_invoice):
    _, note = credit_note(api, actor, make_customer, make_invoice)
    response = api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="pdf")
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == "format"


def test_another_companys_credit_note_is_404(api, api_for, make_account, make_invoice):
    other = make_account(company="Other Co")
    invoice = make_invoice(who=other, due_date="2099-01-01")
    theirs = api_for(other)
    assert theirs.post(f"/v1/invoices/{invoice.id}/send").status_code == 200
    note = theirs.post("/v1/credit_notes", json={"invoice_id": invoice.id, "amount": "10"}).get_json()["data"]
    assert api.get(f"/v1/credit_notes/{note['id']}/einvoice", format="ubl").status_code == 404
    assert credit_notes.get_credit_note(other, note["id"]).id == note["id"]


def test_openapi_describes_the_operation(client):
    spec = client.get("/v1/openapi.json").get_json()
    operation = spec["paths"]["/v1/credit_notes/{id}/einvoice"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]
    assert "409" in operation["responses"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert parameter["schema"]["$ref"].endswith("EinvoiceFormat")
