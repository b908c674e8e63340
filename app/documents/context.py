"""What an invoice shows its client, shared by the PDF, the public page and the email."""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from app.models import Invoice
from app.presentation import CLIENT_STATUS, status_label
from app.services.credit_notes import TYPE_LABELS
from app.services.invoice_states import amount_owed, effective_status
from app.services.tenancy import today_for

LETTER_TERRITORIES = {"US", "CA"}
STAMPS = {"paid": "PAID", "cancelled": "CANCELLED", "refunded": "REFUNDED"}


def parse_locale(code: str | None) -> Locale:
    try:
        return Locale.parse(code or "en_US")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_US")


def page_size(company) -> str:
    """US Letter where the company's locale is in the US or Canada, else A4."""
    territory = parse_locale(company.locale).territory
    return "letter" if territory in LETTER_TERRITORIES else "A4"


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class Party:
    name: str
    legal_name: str | None
    address: list[str]
    tax_label: str
    tax_id: str | None
    email: str | None


def seller(company) -> Party:
    return Party(company.name, company.legal_name if company.legal_name != company.name else None,
                 _lines(company.address), "VAT ID", company.vat_id, company.email)


def bill_to(invoice: Invoice, locale: Locale) -> Party:
    """The billing details frozen when the invoice was sent, else the live customer's."""
    details = invoice.billing_snapshot or invoice.customer.billing_details()
    address = _lines(details.get("legal_address"))
    city_line = " ".join(part for part in (details.get("zipcode"), details.get("city")) if part)
    if city_line:
        address.append(city_line)
    country = details.get("country")
    if country:
        address.append(locale.territories.get(country.upper(), country))
    legal_name = details.get("legal_name")
    return Party(details.get("name") or "", legal_name if legal_name != details.get("name") else None,
                 address, "VAT ID", details.get("legal_vat"), details.get("contact_email"))


def invoice_view(invoice: Invoice) -> dict:
    """Everything the client-facing templates need, computed in one place."""
    company = invoice.company
    locale = parse_locale(company.locale)
    status = effective_status(invoice, today_for(company))
    return {
        # A parsed Locale (not its name) spares Babel a parse on every amount of a long invoice.
        "invoice": invoice, "company": company, "locale": locale, "lang": str(locale).replace("_", "-"),
        "timezone": company.timezone,
        "currency": invoice.currency, "seller": seller(company), "bill_to": bill_to(invoice, locale),
        "status": status, "status_label": status_label(status), "owed": amount_owed(invoice),
        "client_status": CLIENT_STATUS.get(status, status), "stamp": STAMPS.get(invoice.status),
        "items": list(invoice.items), "page_size": page_size(company),
    }


def credit_note_view(note) -> dict:
    """What a credit note shows its client (PDF, public page, email): the invoice's parties,
    the credit note's lines and figures, and the invoice it corrects."""
    view = invoice_view(note.invoice)
    view.update({"credit_note": note, "doc": note, "currency": note.currency, "items": list(note.lines),
                 "corrected": note.invoice, "stamp": None, "owed": None,
                 "type_label": f"{TYPE_LABELS[note.type]} credit note"})
    return view
