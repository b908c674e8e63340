"""UBL 2.1 Invoice and CreditNote in Peppol BIS Billing 3.0. Elements follow the schema's
order: validators reject any other."""
from __future__ import annotations

from app.einvoice.amounts import amount_text, number_text
from app.einvoice.document import Document, Line, Party, VatCategory
from app.einvoice.xml import Writer, serialize
from app.peppol_ids import split

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOTS = {
    False: ("Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
    True: ("CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"),
}


def _tax_category(w: Writer, parent, name: str, vat: VatCategory, reason: bool = False) -> None:
    element = w.sub(parent, name)
    w.sub(element, "cbc:ID", vat.code)
    if vat.code != "O":
        w.sub(element, "cbc:Percent", number_text(vat.percentage))
    if reason and vat.exemption_reason and vat.code not in ("S", "Z"):
        w.sub(element, "cbc:TaxExemptionReason", vat.exemption_reason)
    w.sub(w.sub(element, "cac:TaxScheme"), "cbc:ID", "VAT")


ADDRESS = {"cbc:StreetName": "address_line1", "cbc:AdditionalStreetName": "address_line2", "cbc:CityName": "city",
           "cbc:PostalZone": "postal_code", "cbc:CountrySubentity": "region"}


def _party(w: Writer, parent, name: str, party: Party) -> None:
    element = w.sub(w.sub(parent, name), "cac:Party")
    if party.peppol_id:  # never the e-mail scheme EM: no Peppol access point routes it (readiness names the gap)
        scheme, identifier = split(party.peppol_id)
        w.sub(element, "cbc:EndpointID", identifier, schemeID=scheme)
    if party.trading_name:
        w.sub(w.sub(element, "cac:PartyName"), "cbc:Name", party.trading_name)
    address = w.sub(element, "cac:PostalAddress")
    w.optionals(address, party, ADDRESS)
    w.sub(w.sub(address, "cac:Country"), "cbc:IdentificationCode", party.country or "")
    if party.vat_id:
        scheme = w.sub(element, "cac:PartyTaxScheme")
        w.sub(scheme, "cbc:CompanyID", party.vat_id)
        w.sub(w.sub(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    w.sub(w.sub(element, "cac:PartyLegalEntity"), "cbc:RegistrationName", party.registered_name)
    if party.contact_name or party.contact_phone or party.email:  # BG-6 / BG-9
        contact = w.sub(element, "cac:Contact")
        w.optional(contact, "cbc:Name", party.contact_name)
        w.optional(contact, "cbc:Telephone", party.contact_phone)
        w.optional(contact, "cbc:ElectronicMail", party.email)


def _line(w: Writer, parent, line: Line, currency: str, credit: bool) -> None:
    element = w.sub(parent, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    w.sub(element, "cbc:ID", line.id)
    w.sub(element, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity", number_text(line.quantity),
          unitCode=line.unit_code)
    w.sub(element, "cbc:LineExtensionAmount", amount_text(line.net_amount, currency), currencyID=currency)
    item = w.sub(element, "cac:Item")
    w.optional(item, "cbc:Description", line.description)
    w.sub(item, "cbc:Name", line.name)
    _tax_category(w, item, "cac:ClassifiedTaxCategory", line.vat)
    w.sub(w.sub(element, "cac:Price"), "cbc:PriceAmount", number_text(line.net_price), currencyID=currency)


def build_ubl(document: Document) -> bytes:
    """The document as a UBL Invoice (380) or CreditNote (381), UTF-8 bytes."""
    credit = document.is_credit_note
    root_name, root_namespace = ROOTS[credit]
    w = Writer({"doc": root_namespace, "cac": CAC, "cbc": CBC})
    root = w.root("doc:" + root_name, nsmap={None: root_namespace, "cac": CAC, "cbc": CBC})
    currency = document.currency
    money = {"currencyID": currency}

    w.sub(root, "cbc:CustomizationID", CUSTOMIZATION)
    w.sub(root, "cbc:ProfileID", PROFILE)
    w.sub(root, "cbc:ID", document.number)
    w.sub(root, "cbc:IssueDate", document.issue_date.isoformat())
    if document.due_date and not credit:
        w.sub(root, "cbc:DueDate", document.due_date.isoformat())
    w.sub(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", document.type_code)
    w.optional(root, "cbc:Note", document.note)
    w.sub(root, "cbc:DocumentCurrencyCode", currency)
    w.optional(root, "cbc:BuyerReference", document.buyer_reference)
    if document.supply_period:
        period = w.sub(root, "cac:InvoicePeriod")
        w.sub(period, "cbc:StartDate", document.supply_period[0].isoformat())
        w.sub(period, "cbc:EndDate", document.supply_period[1].isoformat())
    if document.preceding_invoice:
        reference = w.sub(w.sub(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        w.sub(reference, "cbc:ID", document.preceding_invoice)
        if document.preceding_invoice_date:
            w.sub(reference, "cbc:IssueDate", document.preceding_invoice_date.isoformat())
    _party(w, root, "cac:AccountingSupplierParty", document.seller)
    _party(w, root, "cac:AccountingCustomerParty", document.buyer)
    if document.supply_date:
        w.sub(w.sub(root, "cac:Delivery"), "cbc:ActualDeliveryDate", document.supply_date.isoformat())
    means = w.sub(root, "cac:PaymentMeans")
    w.sub(means, "cbc:PaymentMeansCode", document.payment_means_code)
    if document.due_date and credit:
        w.sub(means, "cbc:PaymentDueDate", document.due_date.isoformat())
    w.optional(means, "cbc:PaymentID", document.payment_reference)
    account = document.account
    if account is not None and account.identifier:
        financial = w.sub(means, "cac:PayeeFinancialAccount")
        w.sub(financial, "cbc:ID", account.identifier)
        w.optional(financial, "cbc:Name", account.holder)
        if account.institution:
            w.sub(w.sub(financial, "cac:FinancialInstitutionBranch"), "cbc:ID", account.institution)
    if document.payment_terms:
        w.sub(w.sub(root, "cac:PaymentTerms"), "cbc:Note", document.payment_terms)
    for allowance in document.allowances:
        element = w.sub(root, "cac:AllowanceCharge")
        w.sub(element, "cbc:ChargeIndicator", "false")
        w.sub(element, "cbc:AllowanceChargeReason", allowance.reason)
        w.sub(element, "cbc:Amount", amount_text(allowance.amount, currency), **money)
        _tax_category(w, element, "cac:TaxCategory", allowance.vat)

    tax_total = w.sub(root, "cac:TaxTotal")
    w.sub(tax_total, "cbc:TaxAmount", amount_text(document.totals.tax_total, currency), **money)
    for subtotal in document.tax_subtotals:
        element = w.sub(tax_total, "cac:TaxSubtotal")
        w.sub(element, "cbc:TaxableAmount", amount_text(subtotal.taxable_amount, currency), **money)
        w.sub(element, "cbc:TaxAmount", amount_text(subtotal.tax_amount, currency), **money)
        _tax_category(w, element, "cac:TaxCategory", subtotal.vat, reason=True)

    totals = document.totals
    monetary = w.sub(root, "cac:LegalMonetaryTotal")
    w.sub(monetary, "cbc:LineExtensionAmount", amount_text(totals.line_total, currency), **money)
    w.sub(monetary, "cbc:TaxExclusiveAmount", amount_text(totals.tax_basis, currency), **money)
    w.sub(monetary, "cbc:TaxInclusiveAmount", amount_text(totals.grand_total, currency), **money)
    if document.allowances:
        w.sub(monetary, "cbc:AllowanceTotalAmount", amount_text(totals.allowance_total, currency), **money)
    if totals.prepaid:
        w.sub(monetary, "cbc:PrepaidAmount", amount_text(totals.prepaid, currency), **money)
    w.sub(monetary, "cbc:PayableAmount", amount_text(totals.due, currency), **money)
    for line in document.lines:
        _line(w, root, line, currency, credit)
    return serialize(root)
