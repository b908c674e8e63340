"""The e-invoice test matrix (DESIGN §14): each case's figures come from app.money's
compute_totals, so the XML carries the product's own rounding."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from app import money
from app.einvoice.document import CREDIT_NOTE, INVOICE, Account, Document, Party, VatCategory
from app.einvoice.figures import Item, document_figures
from app.payment_references import creditor_reference

# The seller's contact (BT-41/42/43) and electronic address (its VAT id's Peppol scheme 9930).
SELLER = Party("Nordlicht", "Nordlicht Software GmbH", "Hauptstraße 1", "Hinterhaus", "Berlin", "10115", None, "DE",
               "DE123456789", "billing@nordlicht.example", "Anna Schmidt", "+49 30 1234567", "9930:DE123456789")
BUYER = Party("Client SARL", None, "12 rue de la Paix", None, "Paris", "75002", "Île-de-France", "FR",
              "FR40303265045", "ap@client.example", peppol_id="9957:FR40303265045")
# A German public buyer: the invoice carries its Leitweg-ID as buyer reference, and the
# Leitweg-ID is its electronic address too (scheme 0204).
LEITWEG_ID = "04011000-12345-03"
GERMAN_BUYER = Party("Stadt Musterhausen", "Stadtverwaltung Musterhausen", "Rathausplatz 1", None, "Musterhausen",
                     "12345", None, "DE", "DE811569869", "rechnung@musterhausen.example", peppol_id="0204:" + LEITWEG_ID)
# A Belgian company reached by its enterprise number (scheme 0208, mod-97 check digits).
BELGIAN_BUYER = Party("Brussels Widgets", "Brussels Widgets SA", "Rue Royale 10", None, "Bruxelles", "1000", None, "BE",
                      "BE0403019261", "invoices@widgets.example", peppol_id="0208:0403019261")
IBAN_ACCOUNT = Account("Nordlicht Software GmbH", iban="DE89370400440532013000", bic="COBADEFFXXX")


@dataclass(frozen=True)
class Case:
    name: str
    currency: str
    rows: tuple[tuple[str, str, str, VatCategory], ...]   # name, quantity, unit price, vat
    discount_type: str | None = None
    discount_value: D = D(0)
    inclusive: bool = False
    buyer: Party = BUYER
    expected_total: D | None = None
    buyer_reference: str = "PO-2026-7731"
    account: Account | None = None     # with an account the invoice says how to pay (code 58 or 30)
    reference_format: str = "number"   # how its payment reference (BT-83) is made: number | rf

    def totals(self) -> money.Totals:
        rates = {}
        lines = []
        for _, quantity, price, vat in self.rows:
            rate = rates.setdefault(vat.key + (vat.exemption_reason,),
                                    money.Rate(f"txr_{len(rates)}", "VAT", vat.percentage, vat.code))
            lines.append(money.Line(D(quantity), D(price), (rate,)))
        return money.compute_totals(lines, self.currency, discount_type=self.discount_type,
                                    discount_value=self.discount_value, amounts_include_tax=self.inclusive)

    def document(self, type_code: str = INVOICE, amount_paid: D = D(0)) -> Document:
        totals = self.totals()
        items = [Item(name, D(quantity), D(price), vat, f"{name} for the case {self.name}")
                 for name, quantity, price, vat in self.rows]
        found = document_figures(items, totals, self.currency, amount_paid)
        document = Document(INVOICE, "INV-2026-000042", date(2026, 3, 2), self.currency, SELLER, self.buyer,
                            found.lines, found.allowances, found.tax_subtotals, found.totals,
                            due_date=date(2026, 4, 1), supply_date=date(2026, 2, 27), payment_terms="Net 30",
                            buyer_reference=self.buyer_reference, note="Thank you for your business.",
                            account=self.account, payment_reference=creditor_reference("INV-2026-000042")
                            if self.reference_format == "rf" else "INV-2026-000042")
        if type_code == CREDIT_NOTE:
            document = dataclasses.replace(document, type_code=CREDIT_NOTE, number="CN-2026-000007",
                                           issue_date=date(2026, 3, 9), preceding_invoice="INV-2026-000042",
                                           preceding_invoice_date=date(2026, 3, 2),
                                           payment_terms="Credited against INV-2026-000042.",
                                           account=None, payment_reference=None)
        return document


S19, S7 = VatCategory("S", D("19")), VatCategory("S", D("7"))
CASES = [
    Case("one-rate", "EUR", (("Web development", "40", "150", VatCategory("S", D("16"))),
                             ("UI design", "20", "120", VatCategory("S", D("16")))),
         "percentage", D("10"), expected_total=D("8769.60")),
    Case("several-rates-fixed-discount", "EUR", (("Consulting", "1", "100.00", S19), ("Books", "2", "10.50", S7)),
         "fixed", D("10.00"), expected_total=D("129.78")),
    Case("prices-including-tax", "EUR", (("Coffee", "3", "9.99", S19),), expected_total=D("29.97"), inclusive=True),
    Case("prices-including-tax-two-rates-discount", "EUR",
         (("Coffee", "3", "9.99", S19), ("Cookbook", "1", "10.70", S7), ("Tea", "2", "4.35", S19)),
         "percentage", D("10"), inclusive=True),
    Case("zero-rated", "EUR", (("Export freight", "1", "250.00", VatCategory("Z", D("0"))),), expected_total=D("250.00")),
    Case("exempt", "EUR", (("Medical training", "2", "480.00",
                            VatCategory("E", D("0"), "Exempt under Article 132(1)(i) of Directive 2006/112/EC")),),
         expected_total=D("960.00")),
    Case("reverse-charge", "EUR", (("Software licence", "5", "199.00",
                                    VatCategory("AE", D("0"), "Reverse charge: VAT due by the customer (Article 196)")),),
         expected_total=D("995.00")),
    Case("jpy", "JPY", (("Translation", "3", "1200", VatCategory("S", D("10"))), ("Proofreading", "1", "777",
                                                                                   VatCategory("S", D("8")))),
         "fixed", D("500")),
    Case("bhd", "BHD", (("Hosting", "2", "12.500", VatCategory("S", D("10"))),), expected_total=D("27.500")),
    Case("bank-account-rf-reference", "EUR", (("Consulting", "8", "125.00", S19),), account=IBAN_ACCOUNT,
         reference_format="rf", expected_total=D("1190.00")),
    Case("account-number-routing-number", "USD", (("Support plan", "1", "400.00", VatCategory("S", D("19"))),),
         account=Account("Nordlicht Software GmbH", account_number="000123456789", clearing_code="021000021"),
         expected_total=D("476.00")),
    Case("german-public-buyer-leitweg-id", "EUR", (("Training day", "2", "900.00", S19), ("Handbook", "10", "25.00", S7)),
         buyer=GERMAN_BUYER, buyer_reference=LEITWEG_ID, account=IBAN_ACCOUNT, expected_total=D("2409.50")),
    Case("belgian-buyer-0208", "EUR", (("Software licence", "3", "300.00",
                                        VatCategory("AE", D("0"), "Reverse charge: VAT due by the customer (Article 196)")),),
         buyer=BELGIAN_BUYER, account=IBAN_ACCOUNT, reference_format="rf", expected_total=D("900.00")),
]
