"""An invoice's e-invoices say how to pay and who to call (DESIGN §15): the services hand the
pure builders the account the invoice prints and its payment reference, the seller's contact and
both parties' Peppol ids; the readiness list on the invoice page names each missing field, and
says when no bank account is known (payment means code 1)."""
from __future__ import annotations

from html import unescape

from lxml import etree

from app.extensions import db
from app.models import BankAccount
from app.services import accounts, customers, einvoices, transaction
from tests.support import kosit, peppol_rules
from tests.support.html import text_of

CONTACT = {"contact_name": "Anna Schmidt", "contact_phone": "+49 30 1234567"}


def _account(company, **fields) -> BankAccount:
    """A default EUR account, written straight to its table (its pages and API are tested with them)."""
    account = BankAccount(id="ba_einvoicetest", company_pk=company.pk, label="Main", account_holder="Nordlicht Software GmbH",
                          currency="EUR", is_default=True, **fields)
    db.session.add(account)
    db.session.flush()
    return account


def test_an_invoice_with_an_iban_pays_by_sepa_transfer_with_its_rf_reference(seller, ready_invoice):
    with transaction():
        accounts.update_company(seller, {**CONTACT, "payment_reference_format": "rf"})
    _account(seller.company, iban="DE89370400440532013000", bic="COBADEFFXXX")
    invoice = ready_invoice()
    with transaction():
        customers.update_customer(seller, invoice.customer.id, {"buyer_reference": "04011000-12345-03"})
    assert einvoices.readiness(invoice).notes == ()
    ubl, _ = einvoices.xml_of(invoice, "ubl")
    root = etree.fromstring(ubl)
    assert root.findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "58"
    assert root.findtext("{*}PaymentMeans/{*}PayeeFinancialAccount/{*}ID") == "DE89370400440532013000"
    assert root.findtext("{*}PaymentMeans/{*}PaymentID").startswith("RF")
    endpoints = [(node.get("schemeID"), node.text) for node in root.iter("{*}EndpointID")]
    assert endpoints == [("9930", "DE136695976"), ("9957", "FR40303265045")]  # derived from the VAT ids
    assert peppol_rules.check(ubl) == []
    xrechnung, _ = einvoices.xml_of(invoice, "xrechnung")
    assert not kosit.check(xrechnung).fatal, kosit.check(xrechnung).summary()
    assert etree.fromstring(xrechnung).findtext(".//{*}DefinedTradeContact/{*}PersonName") == "Anna Schmidt"


def test_a_given_peppol_id_wins_over_the_derived_one(seller, ready_invoice):
    invoice = ready_invoice()
    with transaction():
        accounts.update_company(seller, {"peppol_id": "0204:991-12345-67"})
        customers.update_customer(seller, invoice.customer.id, {"peppol_id": "0009:30326504500018"})
    root = etree.fromstring(einvoices.xml_of(invoice, "ubl")[0])
    assert [(node.get("schemeID"), node.text) for node in root.iter("{*}EndpointID")] == \
        [("0204", "991-12345-67"), ("0009", "30326504500018")]


def test_without_an_account_the_invoice_keeps_code_1_and_the_page_says_so(client, owner, seller, ready_invoice):
    invoice = ready_invoice()
    readiness = einvoices.readiness(invoice)
    assert [note.field for note in readiness.notes] == ["bank_account"]
    assert readiness.ready("facturx") and readiness.ready("ubl")  # a note stops no format
    root = etree.fromstring(einvoices.xml_of(invoice, "ubl")[0])
    assert root.findtext("{*}PaymentMeans/{*}PaymentMeansCode") == "1"
    assert root.find("{*}PaymentMeans/{*}PayeeFinancialAccount") is None
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    assert "bank_account" in html and "payment means code 1" in html


def test_the_readiness_list_names_each_missing_field(client, owner, make_invoice):
    invoice = make_invoice()  # a seller and a buyer without VAT ids: no Peppol id can be derived
    found = {gap.field for gap in einvoices.readiness(invoice).all_gaps}
    assert {"seller.contact_name", "seller.contact_phone", "seller.email", "seller.peppol_id",
            "buyer.peppol_id"} <= found
    html = unescape(text_of(client.get(f"/invoices/{invoice.id}")))
    for field in ("seller.contact_name", "seller.contact_phone", "seller.peppol_id", "buyer.peppol_id"):
        assert field in html, field
    assert "The seller's contact name is missing" in html and "(UBL only)" in html
