"""What an invoice shows its client, shared by the PDF, the public page and the email."""
from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from app.credit_notes.service import TYPE_LABELS
from app.i18n import _, _l, document_language, document_locale
from app.invoices.states import amount_owed, effective_status
from app.models import Invoice
from app.presentation import (
    address_lines,
    client_status,
    client_wording,
    item_rates,
    parse_locale,
    status_label,
    supply_wording,
    tax_id_label,
    tax_notes,
    tax_summary,
)
from app.rendering.how_to_pay import how_to_pay
from app.services import parties
from app.services.tenancy import today_for

LETTER_TERRITORIES = {"US", "CA"}
STAMPS = {"paid": _l("PAID"), "cancelled": _l("CANCELLED"), "refunded": _l("REFUNDED")}


def page_counter() -> Markup:
    """The PDF footer's "Page 1 of 2" as a CSS ``content`` value, in the current language:
    the words as CSS strings around ``counter(page)`` and ``counter(pages)``."""
    marks = {"\0page": "counter(page)", "\0pages": "counter(pages)"}
    text = _("Page %(page)s of %(pages)s", page="\0page", pages="\0pages")
    parts = re.split("(\0pages|\0page)", text)
    return Markup(" ".join(marks.get(part) or '"' + _css_string(part) + '"' for part in parts if part))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "\\a ")


def page_size(company) -> str:
    """US Letter where the company's locale is in the US or Canada, else A4."""
    territory = parse_locale(company.locale).territory
    return "letter" if territory in LETTER_TERRITORIES else "A4"


@dataclass(frozen=True)
class Party:
    name: str
    legal_name: str | None  # printed when it differs from the name
    address: list[str]
    tax_label: str
    tax_id: str | None
    email: str | None


def _party(details: dict, locale: Locale, tax_key: str, email_key: str) -> Party:
    name, legal_name = details.get("name") or "", details.get("legal_name")
    return Party(name, legal_name if legal_name != name else None, address_lines(details, locale),
                 tax_id_label(details.get("country")), details.get(tax_key), details.get(email_key))


def seller(invoice: Invoice, locale: Locale) -> Party:
    """The seller as the invoice shows it (:func:`app.services.parties.seller_of`)."""
    return _party(parties.seller_of(invoice), locale, "vat_id", "email")


def bill_to(buyer: dict, locale: Locale) -> Party:
    """The buyer as the invoice shows it (``buyer``: :func:`app.services.parties.buyer_of`)."""
    return _party(buyer, locale, "legal_vat", "contact_email")


def document_view(document) -> dict:
    """What every client-facing document (invoice, quote) shows the same way: the document
    (``doc``, whether it is still a ``draft``), the parties, the items, the tax summary and
    notes, the page. Its words are its language's (DESIGN §17: the caller words it inside
    :func:`app.i18n.speaking`), its dates and amounts that language's as the buyer's country
    writes it."""
    company = document.company
    buyer = parties.buyer_of(document)
    language = document_language(document)
    locale = document_locale(language, buyer.get("country"), company.locale)
    return {
        # A parsed Locale (not its name) spares Babel a parse on every amount of a long invoice.
        "doc": document, "draft": document.status == "draft", "language": language,
        "company": company, "locale": locale, "lang": str(locale).replace("_", "-"), "timezone": company.timezone,
        "currency": document.currency, "seller": seller(document, locale), "bill_to": bill_to(buyer, locale),
        "buyer_reference": buyer.get("buyer_reference"), "tax_summary": tax_summary(document),
        "tax_notes": tax_notes(document.items), "items": list(document.items),
        "item_rates": item_rates(document.items, locale), "page_size": page_size(company),
        "page_counter": page_counter(),
    }


def invoice_view(invoice: Invoice) -> dict:
    """Everything the client-facing templates need, computed in one place."""
    view = document_view(invoice)
    locale, company = view["locale"], view["company"]
    status = effective_status(invoice, today_for(company))
    badge, label = client_status(status)
    return {
        **view, "invoice": invoice, "supply": supply_wording(invoice, locale),
        "wording": client_wording(invoice, locale, company.timezone),
        "status": status, "status_label": status_label(status), "owed": amount_owed(invoice),
        "client_badge": badge, "client_status": label, "stamp": STAMPS.get(invoice.status),
        "how_to_pay": how_to_pay(invoice, locale),
    }


def credit_note_view(note) -> dict:
    """What a credit note shows its client (PDF, public page, email): the invoice's parties,
    the credit note's lines and figures, and the invoice it corrects."""
    view = invoice_view(note.invoice)
    view.update({"credit_note": note, "doc": note, "currency": note.currency, "items": list(note.lines),
                 "corrected": note.invoice, "stamp": None, "owed": None, "how_to_pay": None, "tax_summary": tax_summary(note),
                 "tax_notes": tax_notes(note.lines), "item_rates": item_rates(note.lines, view["locale"]),
                 "type_label": _("%(kind)s credit note", kind=TYPE_LABELS[note.type])})
    return view
