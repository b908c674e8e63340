"""A priced document (an invoice, or a credit note with its own number, type 381 and the
invoice it corrects) as the readiness facts and the plain :class:`~app.einvoice.document.Document`.
Pure: the services read the models and hand over the document's rows, totals and parties
(:mod:`app.services.einvoices`)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app import money
from app.einvoice import figures as figures_
from app.einvoice.document import INVOICE, Account, Document, Party, VatCategory
from app.einvoice.readiness import Facts, Gap, gaps
from app.peppol_ids import of_party

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


def parties_of(seller: dict, billing: dict) -> tuple[Party, Party, str | None]:
    """Seller, buyer and buyer reference from the details the document shows
    (app/services/parties.py: the snapshots taken at send, the live company and customer on a draft).
    Each party's electronic address is the Peppol id it gave, else the one its VAT id gives."""
    buyer = {"name": billing.get("name"), "legal_name": billing.get("legal_name"), "country": billing.get("country"),
             "vat_id": billing.get("legal_vat"), "email": billing.get("contact_email"),
             **{key: billing.get(key) for key in ("address_line1", "address_line2", "city", "postal_code", "region")},
             "peppol_id": of_party(billing.get("peppol_id"), billing.get("legal_vat"), billing.get("country"))}
    seller = {**seller, "peppol_id": of_party(seller.get("peppol_id"), seller.get("vat_id"), seller.get("country"))}
    return _party(seller), _party(buyer), billing.get("buyer_reference")


def account_of(details: dict | None) -> Account | None:
    """The bank account an invoice prints (app/services/payment_details.py's keys) as BG-17;
    None without one, or without a number to pay to."""
    if not details or not (details.get("iban") or details.get("account_number")):
        return None
    return Account(details.get("account_holder") or None, details.get("iban") or None,
                   details.get("account_number") or None, details.get("bic") or None,
                   details.get("routing_number") or details.get("sort_code") or None)


def vat_of(copy: dict) -> VatCategory:
    return VatCategory(copy.get("category") or "S", Decimal(str(copy["percentage"])), copy.get("exemption_reason"))


def _line_rates(document, rows: list[dict]) -> tuple[tuple[VatCategory, ...], ...]:
    """Each row's rates; when no row names any, the seed's single rate on every row."""
    if not any(row.get("tax_rates") for row in rows):
        rate = money.unnamed_rate(document.tax_rate or Decimal(0), document.tax_id)
        return tuple((VatCategory(rate.category, rate.percentage),) for _ in rows)
    return tuple(tuple(vat_of(copy) for copy in row.get("tax_rates") or ()) for row in rows)


def _amounts(totals: money.Totals, found: figures_.Figures | None) -> tuple[Decimal, ...]:
    amounts = [*totals.line_subtotals, totals.discount_amount, totals.total, totals.tax_amount]
    amounts += [value for entry in totals.tax_breakdown for value in (entry.taxable_amount, entry.tax_amount)]
    if found:
        amounts += [line.net_amount for line in found.lines] + [allowance.amount for allowance in found.allowances]
        amounts += [found.totals.prepaid]
    return tuple(amounts)


def describe(document, rows: list[dict], totals: money.Totals, *, number: str, issue_date, due_date=None,
             type_code: str = INVOICE, preceding_invoice: tuple[str, object] | None = None,
             amount_paid: Decimal = Decimal(0), parties: tuple[Party, Party, str | None],
             figures: figures_.Figures | None = None, account: Account | None = None,
             payment_reference: str | None = None, says_how_to_pay: bool = False) -> Described:
    """Any priced document (PricedDocumentMixin, items with tax_rates; SupplyPeriodMixin when it
    has a supply date or period), its ``rows`` (item dicts) and the ``totals`` they give.
    ``figures``: the document's own figures when they do not come from its lines' totals (a
    credit note given as an amount: its split, :func:`app.einvoice.figures.credit_figures`).
    ``account`` and ``payment_reference``: how the buyer pays (BG-16/17, BT-83);
    ``says_how_to_pay``: the document is one that asks for money (an invoice), so readiness
    notes when it names no account."""
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
    facts = Facts(seller, buyer, line_rates, _amounts(totals, found), document.currency, reference,
                  missing_account=says_how_to_pay and account is None)
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
                         preceding_invoice_date=preceding_invoice[1] if preceding_invoice else None,
                         account=account, payment_reference=payment_reference)
    return Described(facts, gaps(facts), built)
