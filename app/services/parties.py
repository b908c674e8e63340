"""Who sells and who buys on an invoice (DESIGN §10): the details taken when it is sent, or
the live company and customer while it is a draft. Everything that prints a party (the PDF,
the public page, the email) asks here, so a sent invoice never changes when the company or
the customer is edited later."""
from __future__ import annotations

from app.i18n import document_language
from app.models import Company, Customer, Invoice
from app.services import payment_details
from app.services.addresses import split_free_text

SELLER_KEYS = ("name", "legal_name", "address_line1", "address_line2", "city", "postal_code", "region",
               "country", "vat_id", "email", "contact_name", "contact_phone", "peppol_id")
SELLER_KEYS_SINCE_15 = ("contact_name", "contact_phone", "peppol_id")  # older snapshots lack them


def seller_details(company: Company) -> dict:
    """What an invoice keeps of its seller when it is sent (``invoice.seller_snapshot``)."""
    return {key: getattr(company, key) for key in SELLER_KEYS}


def buyer_details(customer: Customer) -> dict:
    """What an invoice keeps of its buyer when it is sent (``invoice.billing_snapshot``)."""
    return customer.billing_details()


def take_snapshots(invoice: Invoice) -> None:
    """Freeze both parties, the bank account, the payment reference and the language (DESIGN
    §17) on ``invoice`` (called once, when it is sent)."""
    invoice.language = document_language(invoice)
    invoice.seller_snapshot = seller_details(invoice.company)
    invoice.billing_snapshot = buyer_details(invoice.customer)
    payment_details.fix(invoice)


def seller_of(invoice: Invoice) -> dict:
    """The seller as the invoice shows it. An invoice sent before seller snapshots existed has
    none: it shows the live company, as it always did; a snapshot taken before a key existed
    (the contact and Peppol id of DESIGN §15) takes that key from the live company."""
    snapshot = getattr(invoice, "seller_snapshot", None)  # a quote has none: it shows the live company
    if not snapshot:
        return seller_details(invoice.company)
    if all(key in snapshot for key in SELLER_KEYS_SINCE_15):
        return dict(snapshot)
    return {**seller_details(invoice.company), **snapshot}


def buyer_of(invoice: Invoice) -> dict:
    """The buyer as the invoice shows it, with every key of today's snapshot (a snapshot taken
    before addresses were structured is read by the migration's rule)."""
    if not invoice.billing_snapshot:
        return buyer_details(invoice.customer)
    details = dict(invoice.billing_snapshot)
    if "address_line1" not in details:
        details["address_line1"], details["address_line2"] = split_free_text(details.get("legal_address"))
        details["postal_code"] = details.get("zipcode")
        details.setdefault("region", None)
        details.setdefault("buyer_reference", None)
    if "peppol_id" not in details:
        details["peppol_id"] = invoice.customer.peppol_id if invoice.customer is not None else None
    return details
