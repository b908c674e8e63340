"""The one place that reads the database models for the e-invoices: an invoice (or any priced
document: a credit note passes its own number, type 381 and the invoice it corrects) becomes
the readiness facts and the plain :class:`~app.einvoice.document.Document`."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app import money
from app.credit_notes import service as credit_notes
from app.einvoice import figures as figures_
from app.einvoice.document import CREDIT_NOTE, INVOICE, Document, Party, VatCategory
from app.einvoice.readiness import Facts, Gap, gaps
from app.services import document_items, parties

UNIT_CODES = {  # UN/ECE Recommendation 20 for the units people type most
    "hour": "HUR", "hours": "HUR", "h": "HUR", "hr": "HUR", "hrs": "HUR", "day": "DAY", "days": "DAY",
    "week": "WEE", "weeks": "WEE", "month": "MON", "months": "MON", "year": "ANN", "years": "ANN",
    "piece": "H87", "pieces": "H87", "pcs": "H87", "pc": "H87", "kg": "KGM", "g": "GRM", "km": "KMT",
    "m": "MTR", "l": "LTR", "litre": "LTR", "liter": "LTR", "minute": "MIN", "minutes": "MIN", "min": "MIN",
}


class NotReady(ValueError):
    def __init__(self, found: list[Gap]):
        super().__init__("; ".join(gap.message for gap in found))
        self.gaps = found


@dataclass(frozen=True)
class Described:
    facts: Facts
    gaps: list[Gap]
    document: Document | None   # None when a line does not carry exactly one rate


def _party(values: dict) -> Party:
    return Party(**{key: values.get(key) or None for key in Party.__dataclass_fields__})


def _parties(invoice) -> tuple[Party, Party, str | None]:
    """Seller, buyer and buyer reference as the invoice shows them (app/services/parties.py:
    the snapshots taken at send, the live company and customer on a draft)."""
    seller = parties.seller_of(invoice)
    billing = parties.buyer_of(invoice)
    buyer = {"name": billing.get("name"), "legal_name": billing.get("legal_name"), "country": billing.get("country"),
             "vat_id": billing.get("legal_vat"), "email": billing.get("contact_email"),
             **{key: billing.get(key) for key in ("address_line1", "address_line2", "city", "postal_code", "region")}}
    return _party(seller), _party(buyer), billing.get("buyer_reference")


def _vat(copy: dict) -> VatCategory:
    return VatCategory(copy.get("category") or "S", Decimal(str(copy["percentage"])), copy.get("exemption_reason"))


def _line_rates(document, rows: list[dict]) -> tuple[tuple[VatCategory, ...], ...]:
    """Each row's rates; when no row names any, the seed's single rate on every row."""
    if not any(row.get("tax_rates") for row in rows):
        rate = money.unnamed_rate(document.tax_rate or Decimal(0), document.tax_id)
        return tuple((VatCategory(rate.category, rate.percentage),) for _ in rows)
    return tuple(tuple(_vat(copy) for copy in row.get("tax_rates") or ()) for row in rows)


def _amounts(totals: money.Totals, found: figures_.Figures | None) -> tuple[Decimal, ...]:
    amounts = [*totals.line_subtotals, totals.discount_amount, totals.total, totals.tax_amount]
    amounts += [value for entry in totals.tax_breakdown for value in (entry.taxable_amount, entry.tax_amount)]
    if found:
        amounts += [line.net_amount for line in found.lines] + [allowance.amount for allowance in found.allowances]
        amounts += [found.totals.prepaid]
    return tuple(amounts)


def describe(document, *, number: str, issue_date, due_date=None, type_code: str = INVOICE,
             preceding_invoice: tuple[str, object] | None = None, amount_paid: Decimal = Decimal(0),
             parties: tuple[Party, Party, str | None], figures: figures_.Figures | None = None) -> Described:
    """Any priced document (PricedDocumentMixin, items with tax_rates; SupplyPeriodMixin when it
    has a supply date or period). ``figures``: the document's own figures when they do not come
    from its lines' totals (a credit note given as an amount, :func:`credit_figures`)."""
    rows = document_items.rows_of(document)
    named = any(row.get("tax_rates") for row in rows)
    totals = document_items.totals_for(
        rows, document.currency, discount_type=document.discount_type, discount_value=document.discount_value,
        tax_rate=None if named else (document.tax_rate or Decimal(0)), tax_id=document.tax_id,
        amounts_include_tax=bool(document.amounts_include_tax))
    line_rates = _line_rates(document, rows)
    found = None
    if rows and all(len(rates) == 1 for rates in line_rates) and figures is not None:
        found = figures
    elif rows and all(len(rates) == 1 for rates in line_rates):
        items = [figures_.Item(row["item_name"], row["quantity"], row["unit_price"], rates[0], row.get("description"),
                               UNIT_CODES.get((row.get("unit") or "").strip().lower(), "C62"))
                 for row, rates in zip(rows, line_rates)]
        found = figures_.document_figures(items, totals, document.currency, amount_paid)
    seller, buyer, reference = parties
    facts = Facts(seller, buyer, line_rates, _amounts(totals, found), document.currency, reference)
    built = None
    if found is not None:
        period = None
        start, end = getattr(document, "supply_period_start", None), getattr(document, "supply_period_end", None)
        if start and end:
            period = (start, end)
        supply = getattr(document, "supply_date", None) or (None if period else issue_date)
        built = Document(type_code, number, issue_date, document.currency, seller, buyer, found.lines,
                         found.allowances, found.tax_subtotals, found.totals, due_date=due_date,
                         supply_date=supply, supply_period=period, payment_terms=getattr(document, "payment_terms", None),
                         buyer_reference=reference, note=document.notes,
                         preceding_invoice=preceding_invoice[0] if preceding_invoice else None,
                         preceding_invoice_date=preceding_invoice[1] if preceding_invoice else None)
    return Described(facts, gaps(facts), built)


def describe_invoice(invoice) -> Described:
    """The invoice's readiness facts, gaps and (when its lines allow) its document."""
    return describe(invoice, number=invoice.invoice_number, issue_date=invoice.issue_date, due_date=invoice.due_date,
                    amount_paid=money.net_paid(invoice.amount_paid or Decimal(0), invoice.amount_refunded or Decimal(0)),
                    parties=_parties(invoice))


def _credit_figures(note) -> figures_.Figures | None:
    """A credit note given as an amount: its figures are the split it was issued with (the
    stored totals), not its lines priced afresh; None when it was given by lines."""
    split = credit_notes.split_of(note)
    if split is None:
        return None
    vat_of = {document_items.rate_of(copy): _vat(copy) for line in note.lines for copy in line.tax_rates or ()}
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
    return describe(note, number=note.number, issue_date=note.issue_date, type_code=CREDIT_NOTE,
                    preceding_invoice=(invoice.invoice_number, invoice.issue_date), parties=_parties(invoice),
                    figures=_credit_figures(note))
