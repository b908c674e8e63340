"""How invoices read, for every door and document alike: amounts, numbers and dates in the
company's locale (Babel), and the words for each status. The dashboard, the public page,
the PDF and the mail all render with these filters."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from flask import Flask

from app import document_types, limits, money
from app.i18n import _, _l
from app.invoices.states import amount_owed, effective_status, refundable, status_after_refund
from app.quotes.states import effective_status as quote_status
from app.services import addresses, parties, vat_ids
from app.services.document_items import breakdown_of
from app.services.tenancy import today_for

NBSP = "\u00a0"


# The words for each status are each document type's (its descriptor, app/document_types.py).
# What the client reads as a document's status (public page, PDF) is its type's client state:
# "viewed" and "in_review" are the company's own tracking states, so the client reads "Open",
# as for "sent", and the PDF a visitor downloads after opening the link is the very document
# the email carried (same cache key). A quote turned into an invoice is, to its client, accepted.
def client_label(state: str) -> str:
    return _("Open") if state == "sent" else status_label(state)


def parse_locale(code: str | None) -> Locale:
    try:
        return Locale.parse(code or "en_US")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_US")


def _spaced(text: str, symbol: str) -> str:
    """A space between a symbol made of letters and the digits it touches ("CHF 1,234.50",
    not "CHF1,234.50"), as CLDR's currency spacing asks; "$1.00" and "1,00 €" stay as they are."""
    at = text.find(symbol) if symbol else -1
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and symbol[-1].isalpha():
        text = text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and symbol[0].isalpha():
        text = text[:at] + NBSP + text[at:]
    return text


def fmt_money(amount, currency: str, locale="en_US") -> str:
    if amount is None:
        return ""
    value = money.round_money(Decimal(amount), currency)
    text = format_currency(value, currency, locale=locale, currency_digits=True)
    return _spaced(text, get_currency_symbol(currency, locale=locale))


def fmt_number(value, locale="en_US") -> str:
    if value is None:
        return ""
    return format_decimal(Decimal(money.plain(Decimal(value))), locale=locale, decimal_quantization=False)


def fmt_date(value, locale="en_US", tz: str = "UTC") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value.astimezone(ZoneInfo(tz)), "medium", locale=locale)
    if isinstance(value, date):
        return format_date(value, "medium", locale=locale)
    return str(value)


# What an invoice says about a rate of a category that is not simply charged (EN 16931 /
# UNCL5305): the rate's exemption reason follows the label.
EXEMPTION_LABEL = {"E": _l("Exempt"), "AE": _l("Reverse charge"), "K": _l("Intra-community supply"),
                   "G": _l("Export"), "O": _l("Outside the scope of tax")}
# How a rate's row in the tax summary names a category other than the standard rate (the
# exemption labels in lower case, each a text of its own).
CATEGORY_WORDS = {"Z": _l("zero rated"), "E": _l("exempt"), "AE": _l("reverse charge"),
                  "K": _l("intra-community supply"), "G": _l("export"), "O": _l("outside the scope of tax")}


def _territory(country: str | None, locale) -> str | None:
    if not country:
        return None
    territories = (locale if isinstance(locale, Locale) else parse_locale(locale)).territories
    return territories.get(country.upper(), country)


# How a party's tax id is labelled, by its country; any other country (the EU's, the UK,
# Switzerland, Norway, …) or none: "VAT ID".
# (The national acronyms ABN, GSTIN, CNPJ, RFC, CUIT, RUT are names, the same in every language.)
TAX_ID_LABEL = {"US": _l("EIN / Tax ID"), "CA": _l("GST/HST No."), "AU": "ABN", "NZ": _l("GST No."), "IN": "GSTIN",
                "SG": _l("GST Reg. No."), "MY": _l("SST No."), "JP": _l("Registration No."), "BR": "CNPJ",
                "MX": "RFC", "AR": "CUIT", "CL": "RUT"}


def tax_id_label(country: str | None) -> str:
    return str(TAX_ID_LABEL.get((country or "").upper(), _l("VAT ID")))


def address_lines(party, locale="en_US") -> list[str]:
    """A structured address (a dict, or an object with the fields) as printed lines, by its
    country's postal convention (:func:`app.services.addresses.postal_lines`), then the
    country's name in ``locale``. The PDF, the client's pages and the dashboard print these."""
    def get(key):
        return party.get(key) if isinstance(party, dict) else getattr(party, key, None)
    country = _territory(get("country"), locale)
    return addresses.postal_lines(get, get("country")) + ([country] if country else [])


# Where an invoice must state the date of supply even when it is the issue date: the EU (Art.
# 226(7) VAT Directive) and the UK (the "time of supply"); a seller without a country too.
SUPPLY_DATE_COUNTRIES = vat_ids.EU_COUNTRIES | {"GB"}


def supply_date_required(country: str | None) -> bool:
    return not country or country.upper() in SUPPLY_DATE_COUNTRIES


def supply_wording(document, locale="en_US") -> str | None:
    """When the goods or services were supplied (DESIGN §10): the supply period, the supply
    date, or (neither given) the issue date where the seller's country asks for the line
    (:data:`SUPPLY_DATE_COUNTRIES`); elsewhere nothing unless a date or period was given."""
    if document.supply_period_start and document.supply_period_end:
        return _("Supply period: %(start)s – %(end)s", start=fmt_date(document.supply_period_start, locale),
                 end=fmt_date(document.supply_period_end, locale))
    if document.supply_date is None and not supply_date_required(parties.seller_of(document).get("country")):
        return None
    return _("Supply date: %(date)s", date=fmt_date(document.supply_date or document.issue_date, locale))


def tax_summary(document) -> list[dict]:
    """One row per rate (the stored breakdown): its label, taxable amount and tax, as Decimals."""
    rows = []
    for entry in breakdown_of(document):
        percentage = Decimal(str(entry["percentage"]))
        category = entry.get("category") or "S"
        label = _("%(name)s %(percentage)s%%", name=entry.get("name") or _("Tax"), percentage=money.plain(percentage))
        if category in CATEGORY_WORDS:
            label = _("%(rate)s (%(category)s)", rate=label, category=CATEGORY_WORDS[category])
        rows.append({"label": label, "category": category, "percentage": percentage,
                     "taxable_amount": Decimal(str(entry["taxable_amount"])),
                     "tax_amount": Decimal(str(entry["tax_amount"]))})
    return rows


def _rate_words(copies, locale) -> str:
    """An item's rates as it reads on its row: "VAT 7 %", "GST 5 % + QST 9.975 %", "VAT 0 %
    (reverse charge)", "No tax"."""
    words = []
    for copy in copies:
        text = _("%(name)s %(percentage)s %%", name=copy.get("name") or _("Tax"),
                 percentage=fmt_number(copy["percentage"], locale))
        category = copy.get("category") or "S"
        words.append(_("%(rate)s (%(category)s)", rate=text, category=CATEGORY_WORDS[category])
                     if category in CATEGORY_WORDS else text)
    return " + ".join(words) or _("No tax")


def item_rates(items, locale="en_US") -> list[str] | None:
    """Each item's rate(s), in the order of ``items``, when the items do not all carry the
    same rates (Art. 226(8) VAT Directive: the rate applied, on the row it applies to); None
    when one rate (or none) covers the document, which its tax summary already says."""
    items = list(items)
    keyed = [tuple((copy.get("id"), str(copy.get("percentage"))) for copy in item.tax_rates or ()) for item in items]
    if len(set(keyed)) < 2:
        return None
    return [_rate_words(item.tax_rates or (), locale) for item in items]


def tax_notes(items) -> list[dict]:
    """The exemption or reverse-charge texts the items' rates call for: for each category of
    EXEMPTION_LABEL the items use, each distinct exemption reason of its rates, in order of
    first use: ``{"category", "label", "reason"}`` (no label when the reason starts with it)."""
    notes, seen = [], set()
    for item in items:
        for rate in item.tax_rates or ():
            category = rate.get("category")
            key = (category, rate.get("exemption_reason"))
            if category in EXEMPTION_LABEL and key not in seen:
                seen.add(key)
                label, reason = str(EXEMPTION_LABEL[category]), rate.get("exemption_reason")
                if reason and reason.lower().startswith(label.lower()):
                    label = None  # the reason says it already ("Reverse charge: …")
                notes.append({"category": category, "label": label, "reason": reason})
    return notes


def client_wording(invoice, locale="en_US", tz: str = "UTC") -> dict:
    """The words the client reads about where the invoice stands (public page, PDF): a notice
    for a cancelled or refunded invoice, and the label and line of the amount block."""
    wording = {"notice": None, "notice_title": None, "notice_body": None, "notice_line": None, "reason": None,
               "draft": False,
               "due_label": _("Amount due"), "due_line": _("Due %(date)s", date=fmt_date(invoice.due_date, locale))}
    if invoice.status == "draft":
        wording["draft"] = True
    elif invoice.status == "cancelled":
        if invoice.cancelled_at:
            when = fmt_date(invoice.cancelled_at, locale, tz)
            title = _("This invoice was cancelled on %(date)s.", date=when)
            line = _("This invoice was cancelled on %(date)s; no payment is due.", date=when)
        else:
            title, line = _("This invoice was cancelled."), _("This invoice was cancelled; no payment is due.")
        wording.update(notice="cancelled", notice_title=title, notice_body=_("No payment is due."),
                       reason=invoice.cancellation_reason, notice_line=line)
    elif invoice.status == "refunded":
        wording.update(notice="refunded", notice_title=_("This invoice was refunded."),
                       notice_body=_("%(amount)s was returned.",
                                     amount=fmt_money(invoice.amount_refunded, invoice.currency, locale)))
    elif invoice.status == "paid":
        wording["due_label"] = _("Paid in full")
        if invoice.paid_at:
            wording["due_line"] = _("Paid %(date)s", date=fmt_date(invoice.paid_at, locale, tz))
    return wording


def client_status(status: str, kind: str = "invoice") -> tuple[str, str]:
    """The status a client sees of a document of ``kind`` in ``status`` (its badge's key) and
    its label: ("sent", "Open") for an invoice the client has viewed."""
    state = document_types.get(kind).public.client_states.get(status, status)
    return state, client_label(state)


def refund_outcome(invoice, locale="en_US") -> str:
    """What a refund does to the invoice, said on its form before it is made. A refund comes
    with a credit note of its amount, so what the invoice owes does not change: one that owes
    nothing is marked refunded whatever the amount, one that still owes keeps its status."""
    if invoice.amount_overpaid > 0:  # an online payment that came after the invoice was paid (DESIGN §16)
        overpaid = fmt_money(invoice.amount_overpaid, invoice.currency, locale)
        return _("%(amount)s was paid beyond this invoice: a refund returns that first, with no credit note and no "
                 "change of status; a credit note is issued only for any part of the refund beyond it.", amount=overpaid)
    if status_after_refund(invoice) == "refunded":
        return _("Any refund marks this invoice refunded (closed): nothing is owed on it, and a credit note "
                 "of the amount refunded is issued.")
    owed = fmt_money(amount_owed(invoice), invoice.currency, locale)
    return _("A refund leaves this invoice %(status)s, with %(owed)s still due: a credit note of the amount refunded "
             "is issued, and it is marked refunded only once nothing is owed.",
             status=status_label(shown_status(invoice)).lower(), owed=owed)


def status_label(status: str) -> str:
    """A status's words (its descriptor's, marked for translation), worded now."""
    return str(document_types.status_labels().get(status, status))


def past_its_date(status: str) -> bool:
    """Whether a document of this (shown) status is past its date (an invoice overdue, a quote
    expired): its page marks the figure of that date."""
    return status in ("overdue", "expired")


def shown_status(invoice) -> str:
    return effective_status(invoice, today_for(invoice.company))


def tax_lines(doc) -> list[dict]:
    """The tax breakdown of a document, or of the editor's totals (:class:`money.Totals`), as
    the stored entries (``tax_rate_id``, ``name``, ``percentage``, ``tax_amount``…)."""
    from app.services import document_items
    if isinstance(doc, money.Totals):
        return document_items.breakdown_json(doc)
    return document_items.breakdown_of(doc)


def shown_quote_status(quote) -> str:
    return quote_status(quote, today_for(quote.company))


def quote_notice(quote, status: str, locale="en_US", tz: str = "UTC") -> dict | None:
    """What the client's quote page says about where the quote stands (``kind`` names its
    style): the decision taken, or that it expired or was withdrawn; None while it is open."""
    if quote.accepted_at:
        return {"kind": "accepted", "text": _("Accepted by %(name)s on %(date)s.", name=quote.accepted_by,
                                                date=fmt_date(quote.accepted_at, locale, tz))}
    if quote.declined_at:
        return {"kind": "declined", "text": _("Declined on %(date)s.", date=fmt_date(quote.declined_at, locale, tz)),
                "reason": quote.decline_reason}
    if status == "expired":
        return {"kind": "expired", "text": _("This quote expired on %(date)s.", date=fmt_date(quote.expiry_date, locale)),
                "more": _("Please ask %(company)s for a new one.", company=quote.company.name)}
    if status == "cancelled":
        return {"kind": "cancelled", "text": _("This quote was withdrawn.")}
    return None


def init_presentation(app: Flask) -> None:
    app.jinja_env.filters.update(money=fmt_money, number=fmt_number, datefmt=fmt_date, status_label=status_label,
                                 badge_class=document_types.badge_class, address_lines=address_lines)
    app.jinja_env.globals.update(shown_status=shown_status, quote_status=shown_quote_status, amount_owed=amount_owed,
                                 refundable=refundable, tax_lines=tax_lines, tax_summary_of=tax_summary,
                                 tax_notes_of=tax_notes, supply_of=supply_wording, item_rates_of=item_rates,
                                 quote_notice=quote_notice, past_its_date=past_its_date,
                                 refund_outcome=refund_outcome, tax_id_label=tax_id_label)
    app.jinja_env.globals["limits"] = limits  # a field's maxlength="{{ limits.ACCEPTED_BY }}"
