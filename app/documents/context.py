"""What an invoice shows its client, shared by the PDF, the public page and the email."""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from app.models import Invoice
from app.services.invoices import effective_status
from app.services.tenancy import today_for

LETTER_TERRITORIES = {"US", "CA"}
STAMPS = {"paid": "PAID", "cancelled": "CANCELLED", "refunded": "REFUNDED"}
# What the client reads as the document's status. "viewed" and "in_review" are the
# company's own tracking states, so the PDF a visitor downloads after opening the link is
# the very document the email carried (same cache key).
CLIENT_STATUS = {"draft": "Draft", "sent": "Open", "viewed": "Open", "in_review": "Open",
                 "partial": "Partially paid", "paid": "Paid", "overdue": "Overdue",
                 "cancelled": "Cancelled", "refunded": "Refunded"}
STATUS_LABEL = {"draft": "Draft", "sent": "Sent", "viewed": "Viewed", "in_review": "In review",
                "partial": "Partially paid", "paid": "Paid", "overdue": "Overdue",
                "cancelled": "Cancelled", "refunded": "Refunded"}


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
        "status": status, "status_label": STATUS_LABEL.get(status, status),
        "client_status": CLIENT_STATUS.get(status, status), "stamp": STAMPS.get(invoice.status),
        "items": list(invoice.items), "page_size": page_size(company),
    }
