"""E-invoices of invoices and credit notes (DESIGN §14): readiness per format, the XML, and
whether the PDF an invoice or a credit note is served as is its Factur-X PDF. The pure work is in :mod:`app.einvoice`
(which imports no service); this module is the one that reads the models for it and hands it a document's rows, totals,
parties and, for a credit note given as an amount, its split."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app import money
from app.credit_notes import service as credit_notes
from app.einvoice import build as builder
from app.einvoice import description
from app.einvoice import figures as figures_
from app.einvoice.description import Described
from app.einvoice.document import CREDIT_NOTE, VatCategory
from app.einvoice.readiness import Gap, gaps_for, notes
from app.i18n import _
from app.models import CreditNote
from app.services import document_items, parties, payment_details, vat_ids
from app.services.errors import InvalidTransition, ValidationError

FORMATS = builder.FORMATS
LABELS = {"facturx": "Factur-X / ZUGFeRD (EN 16931)", "xrechnung": "XRechnung 3", "ubl": "UBL / Peppol BIS 3"}


class NotReady(InvalidTransition):
    """The document lacks what the format needs; ``gaps`` names each missing field."""
    code = "einvoice_not_ready"

    def __init__(self, format_: str, found: list[Gap], noun: str = "invoice"):
        fields = "; ".join(f"{gap.field}: {gap.message}" for gap in found)
        values = {"format": LABELS[format_], "gaps": fields}
        said = (_("The credit note is not ready for %(format)s. Missing or invalid: %(gaps)s", **values)
                if noun == "credit note" else
                _("The invoice is not ready for %(format)s. Missing or invalid: %(gaps)s", **values))
        super().__init__(said, param=found[0].field)
        self.gaps = found


@dataclass(frozen=True)
class Readiness:
    """Per format, what it lacks (empty: ready); ``notes``: what every format can do without
    but the client would miss (no bank account)."""
    gaps: dict[str, list[Gap]]
    notes: tuple[Gap, ...] = ()

    @property
    def all_gaps(self) -> list[Gap]:
        seen, found = set(), []
        for gap in (gap for gaps in self.gaps.values() for gap in gaps):
            if gap.field not in seen:
                seen.add(gap.field)
                found.append(gap)
        return found

    def ready(self, format_: str) -> bool:
        return not self.gaps[format_]


def formats_apply(company) -> bool:
    """Whether the e-invoice formats (EN 16931, the EU's norm: Directive 2014/55/EU) concern
    the company: one in an EU member state, or one that has not said its country. The XML
    stays available through the API for anyone who asks for it."""
    return not company.country or company.country.upper() in vat_ids.EU_COUNTRIES


def check_format(format_: object) -> str:
    if format_ not in FORMATS:
        raise ValidationError({"format": _("Choose one of %(choices)s.", choices=", ".join(FORMATS))})
    return format_


def _described_as(document, **given) -> Described:
    """The priced document with its rows and the totals they give, described as ``given`` says."""
    rows = document_items.rows_of(document)
    named = any(row.get("tax_rates") for row in rows)
    totals = document_items.totals_for(
        rows, document.currency, discount_type=document.discount_type, discount_value=document.discount_value,
        tax_rate=None if named else (document.tax_rate or Decimal(0)), tax_id=document.tax_id,
        amounts_include_tax=bool(document.amounts_include_tax))
    return description.describe(document, rows, totals, **given)


def _parties(invoice):
    """Seller, buyer and buyer reference as the invoice shows them (:mod:`app.services.parties`)."""
    return description.parties_of(parties.seller_of(invoice), parties.buyer_of(invoice))


def describe_invoice(invoice) -> Described:
    """The invoice's readiness facts, gaps and (when its lines allow) its document, with how it
    is paid (:mod:`app.services.payment_details`: the account and the payment reference)."""
    reference = payment_details.reference_of(invoice) if invoice.invoice_number else None
    return _described_as(invoice, number=invoice.invoice_number, issue_date=invoice.issue_date,
                         due_date=invoice.due_date, parties=_parties(invoice),
                         amount_paid=money.net_paid(invoice.amount_paid or Decimal(0), invoice.amount_refunded or Decimal(0)),
                         account=description.account_of(payment_details.account_of(invoice)),
                         payment_reference=reference, says_how_to_pay=True)


def _credit_figures(note) -> figures_.Figures | None:
    """A credit note given as an amount: its figures are the split it was issued with (the
    stored totals), not its lines priced afresh; None when it was given by lines."""
    split = credit_notes.split_of(note)
    if split is None:
        return None
    vat_of = {document_items.rate_of(copy): description.vat_of(copy)
              for line in note.lines for copy in line.tax_rates or ()}
    if not vat_of:  # the seed's single rate, no copies on the lines
        rate = money.unnamed_rate(note.tax_rate or Decimal(0), note.tax_id)
        vat_of = {rate: VatCategory(rate.category, rate.percentage)}
    try:
        return figures_.credit_figures(split, vat_of, credit_notes.label_of(note.type, note.invoice.invoice_number))
    except (figures_.NotOneRate, KeyError):
        return None


def describe_credit_note(note) -> Described:
    """The credit note (type 381) with the invoice it corrects as the preceding invoice and
    the invoice's parties."""
    invoice = note.invoice
    return _described_as(note, number=note.number, issue_date=note.issue_date, type_code=CREDIT_NOTE,
                         preceding_invoice=(invoice.invoice_number, invoice.issue_date), parties=_parties(invoice),
                         figures=_credit_figures(note))


def _described(document) -> tuple[Described, str]:
    """An invoice or a credit note as the formats see it, and what to call it."""
    if isinstance(document, CreditNote):
        return describe_credit_note(document), "credit note"
    return describe_invoice(document), "invoice"


def readiness(document, described: Described | None = None) -> Readiness:
    """Per format, what the invoice or credit note lacks."""
    described = described or _described(document)[0]
    return Readiness({format_: gaps_for(described.gaps, format_) for format_ in FORMATS},
                     tuple(notes(described.facts)))


def xml_of(document, format_: object) -> tuple[bytes, str]:
    """The invoice's or credit note's XML in ``format_`` and its file name; NotReady (409)
    names what it lacks."""
    format_ = check_format(format_)
    described, noun = _described(document)
    found = gaps_for(described.gaps, format_)
    if found or described.document is None:
        raise NotReady(format_, found or [Gap("items", _("Each line needs exactly one VAT rate."))], noun)
    return builder.build(described.document, format_), builder.filename(described.document, format_)


def facturx_xml_for_pdf(document) -> bytes | None:
    """The CII to embed in the invoice's or credit note's PDF, or None for the plain PDF (the
    company switched Factur-X PDFs off, or the document is not ready)."""
    if not document.company.einvoice_pdf:
        return None
    described = _described(document)[0]
    if described.document is None or gaps_for(described.gaps, "facturx"):
        return None
    return builder.build(described.document, "facturx")
