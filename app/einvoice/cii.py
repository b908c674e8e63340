"""UN/CEFACT Cross Industry Invoice (D16B, as Factur-X 1.0 / ZUGFeRD 2 use it) in the EN 16931
profile, and the same document as XRechnung 3 (another guideline id; the buyer reference BT-10
is required). Elements follow the schema's order: validators reject any other."""
from __future__ import annotations

from datetime import date

from app.einvoice.amounts import amount_text, number_text
from app.einvoice.document import Document, Line, Party, VatCategory
from app.einvoice.xml import Writer, serialize
from app.peppol_ids import split

FACTURX, XRECHNUNG = "facturx", "xrechnung"
GUIDELINES = {
    FACTURX: "urn:cen.eu:en16931:2017",
    XRECHNUNG: "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
PEPPOL_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
W = Writer(NAMESPACES)
ADDRESS = {"ram:PostcodeCode": "postal_code", "ram:LineOne": "address_line1", "ram:LineTwo": "address_line2",
           "ram:CityName": "city"}


def _date(parent, name: str, value: date, qualified: bool = False) -> None:
    holder = W.sub(parent, name)
    W.sub(holder, "qdt:DateTimeString" if qualified else "udt:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _party(parent, name: str, party: Party) -> None:
    element = W.sub(parent, name)
    W.sub(element, "ram:Name", party.registered_name)
    if party.trading_name:
        W.sub(W.sub(element, "ram:SpecifiedLegalOrganization"), "ram:TradingBusinessName", party.trading_name)
    if party.contact_name or party.contact_phone or party.email:  # BG-6 / BG-9
        contact = W.sub(element, "ram:DefinedTradeContact")
        W.optional(contact, "ram:PersonName", party.contact_name)
        if party.contact_phone:
            W.sub(W.sub(contact, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", party.contact_phone)
        if party.email:
            W.sub(W.sub(contact, "ram:EmailURIUniversalCommunication"), "ram:URIID", party.email)
    address = W.sub(element, "ram:PostalTradeAddress")
    W.optionals(address, party, ADDRESS)
    W.sub(address, "ram:CountryID", party.country or "")
    W.optional(address, "ram:CountrySubDivisionName", party.region)
    # The electronic address (BT-34/BT-49): the Peppol id, else the email (scheme EM, which
    # EN 16931 and XRechnung accept; the Peppol UBL never uses it).
    if party.peppol_id:
        scheme, identifier = split(party.peppol_id)
        W.sub(W.sub(element, "ram:URIUniversalCommunication"), "ram:URIID", identifier, schemeID=scheme)
    elif party.email:
        W.sub(W.sub(element, "ram:URIUniversalCommunication"), "ram:URIID", party.email, schemeID="EM")
    if party.vat_id:
        W.sub(W.sub(element, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_id, schemeID="VA")


def _category(parent, vat: VatCategory, *, calculated=None, basis=None, currency=None, reason: bool = False) -> None:
    """A TradeTax in schema order; the percentage is left out for O (outside the scope of VAT)."""
    if calculated is not None:
        W.sub(parent, "ram:CalculatedAmount", amount_text(calculated, currency))
    W.sub(parent, "ram:TypeCode", "VAT")
    if reason and vat.exemption_reason and vat.code not in ("S", "Z"):
        W.sub(parent, "ram:ExemptionReason", vat.exemption_reason)
    if basis is not None:
        W.sub(parent, "ram:BasisAmount", amount_text(basis, currency))
    W.sub(parent, "ram:CategoryCode", vat.code)
    if vat.code != "O":
        W.sub(parent, "ram:RateApplicablePercent", number_text(vat.percentage))


def _line(parent, line: Line, currency: str) -> None:
    element = W.sub(parent, "ram:IncludedSupplyChainTradeLineItem")
    W.sub(W.sub(element, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.id)
    product = W.sub(element, "ram:SpecifiedTradeProduct")
    W.sub(product, "ram:Name", line.name)
    W.optional(product, "ram:Description", line.description)
    agreement = W.sub(element, "ram:SpecifiedLineTradeAgreement")
    W.sub(W.sub(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", number_text(line.net_price))
    W.sub(W.sub(element, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", number_text(line.quantity),
          unitCode=line.unit_code)
    settlement = W.sub(element, "ram:SpecifiedLineTradeSettlement")
    _category(W.sub(settlement, "ram:ApplicableTradeTax"), line.vat)
    W.sub(W.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount",
          amount_text(line.net_amount, currency))


def _payment_means(settlement, document: Document) -> None:
    """BG-16: the code, and for a credit transfer the payee's account (BG-17)."""
    means = W.sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    W.sub(means, "ram:TypeCode", document.payment_means_code)
    account = document.account
    if account is None or not account.identifier:
        return
    financial = W.sub(means, "ram:PayeePartyCreditorFinancialAccount")
    W.optional(financial, "ram:IBANID", account.iban)
    W.optional(financial, "ram:AccountName", account.holder)
    if not account.iban:
        W.optional(financial, "ram:ProprietaryID", account.account_number)
    if account.institution:
        W.sub(W.sub(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", account.institution)


def build_cii(document: Document, flavour: str = FACTURX) -> bytes:
    """The document as CII XML (UTF-8 bytes); ``flavour`` is FACTURX or XRECHNUNG."""
    currency = document.currency
    root = W.root("rsm:CrossIndustryInvoice")
    context = W.sub(root, "rsm:ExchangedDocumentContext")
    if flavour == XRECHNUNG:
        W.sub(W.sub(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID", PEPPOL_PROCESS)
    W.sub(W.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINES[flavour])

    header = W.sub(root, "rsm:ExchangedDocument")
    W.sub(header, "ram:ID", document.number)
    W.sub(header, "ram:TypeCode", document.type_code)
    _date(header, "ram:IssueDateTime", document.issue_date)
    if document.note:
        W.sub(W.sub(header, "ram:IncludedNote"), "ram:Content", document.note)

    transaction = W.sub(root, "rsm:SupplyChainTradeTransaction")
    for line in document.lines:
        _line(transaction, line, currency)

    agreement = W.sub(transaction, "ram:ApplicableHeaderTradeAgreement")
    W.optional(agreement, "ram:BuyerReference", document.buyer_reference)
    _party(agreement, "ram:SellerTradeParty", document.seller)
    _party(agreement, "ram:BuyerTradeParty", document.buyer)

    delivery = W.sub(transaction, "ram:ApplicableHeaderTradeDelivery")
    if document.supply_date:
        _date(W.sub(delivery, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime", document.supply_date)

    settlement = W.sub(transaction, "ram:ApplicableHeaderTradeSettlement")
    W.optional(settlement, "ram:PaymentReference", document.payment_reference)
    W.sub(settlement, "ram:InvoiceCurrencyCode", currency)
    _payment_means(settlement, document)
    for subtotal in document.tax_subtotals:
        _category(W.sub(settlement, "ram:ApplicableTradeTax"), subtotal.vat, calculated=subtotal.tax_amount,
                  basis=subtotal.taxable_amount, currency=currency, reason=True)
    if document.supply_period:
        period = W.sub(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", document.supply_period[0])
        _date(period, "ram:EndDateTime", document.supply_period[1])
    for allowance in document.allowances:
        element = W.sub(settlement, "ram:SpecifiedTradeAllowanceCharge")
        W.sub(W.sub(element, "ram:ChargeIndicator"), "udt:Indicator", "false")
        W.sub(element, "ram:ActualAmount", amount_text(allowance.amount, currency))
        W.sub(element, "ram:Reason", allowance.reason)
        _category(W.sub(element, "ram:CategoryTradeTax"), allowance.vat)
    if document.payment_terms or document.due_date:
        terms = W.sub(settlement, "ram:SpecifiedTradePaymentTerms")
        W.optional(terms, "ram:Description", document.payment_terms)
        if document.due_date:
            _date(terms, "ram:DueDateDateTime", document.due_date)

    totals = document.totals
    summation = W.sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    W.sub(summation, "ram:LineTotalAmount", amount_text(totals.line_total, currency))
    if document.allowances:
        W.sub(summation, "ram:AllowanceTotalAmount", amount_text(totals.allowance_total, currency))
    W.sub(summation, "ram:TaxBasisTotalAmount", amount_text(totals.tax_basis, currency))
    W.sub(summation, "ram:TaxTotalAmount", amount_text(totals.tax_total, currency), currencyID=currency)
    W.sub(summation, "ram:GrandTotalAmount", amount_text(totals.grand_total, currency))
    if totals.prepaid:
        W.sub(summation, "ram:TotalPrepaidAmount", amount_text(totals.prepaid, currency))
    W.sub(summation, "ram:DuePayableAmount", amount_text(totals.due, currency))
    if document.preceding_invoice:
        reference = W.sub(settlement, "ram:InvoiceReferencedDocument")
        W.sub(reference, "ram:IssuerAssignedID", document.preceding_invoice)
        if document.preceding_invoice_date:
            _date(reference, "ram:FormattedIssueDateTime", document.preceding_invoice_date, qualified=True)
    return serialize(root)
