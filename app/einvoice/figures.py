"""A document's e-invoice figures from the money module's results, so the XML carries the
product's own rounding: lines with their nets, the discount as one allowance per category and
rate, the tax breakdown and the totals (EN 16931 BG-22), which add up by construction.

With prices including tax the lines are written net: each group's net before the discount
(the inclusive rule of DESIGN §10 over its gross subtotal) is spread over its lines by largest
remainder, and the discount allowance is what brings it down to the group's net after the
discount, so the breakdown's taxable amounts are exactly the product's."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app import money
from app.einvoice.document import Allowance, Line, TaxSubtotal, Totals, VatCategory

PRICE_PLACES = Decimal("0.000001")


class NotOneRate(ValueError):
    """A line with no rate or several rates: EN 16931 gives each line one VAT category."""


@dataclass(frozen=True)
class Item:
    """One row as the figures need it; ``vat`` is the one rate it carries (with its category
    and exemption reason), or the document's single rate."""
    name: str
    quantity: Decimal
    unit_price: Decimal
    vat: VatCategory
    description: str | None = None
    unit_code: str = "C62"


@dataclass(frozen=True)
class Figures:
    lines: tuple[Line, ...]
    allowances: tuple[Allowance, ...]
    tax_subtotals: tuple[TaxSubtotal, ...]
    totals: Totals


def amount_due_for_payment(grand_total: Decimal, prepaid: Decimal) -> Decimal:
    """The amount an e-invoice says is due (EN 16931 BT-115): its total with tax less what was
    paid already (BT-113, :func:`app.money.net_paid`). Unlike the invoice's ``amount_due`` the
    credit notes are not taken off: each is an e-invoice of its own that the buyer nets."""
    return grand_total - prepaid


def _group_vat(group: money.Group, items: list[Item]) -> VatCategory:
    if len(group.rates) != 1:
        raise NotOneRate(f"Items {', '.join(str(i + 1) for i in group.items)} carry {len(group.rates)} tax rates.")
    return items[group.items[0]].vat


def _merged(pieces: list[tuple[VatCategory, Decimal, Decimal]]) -> tuple[TaxSubtotal, ...]:
    """One subtotal per category and rate (two named rates of the same percentage merge)."""
    sums: dict[tuple, list] = {}
    for vat, taxable, tax in pieces:
        entry = sums.setdefault(vat.key, [vat, money.ZERO, money.ZERO])
        entry[1] += taxable
        entry[2] += tax
    return tuple(TaxSubtotal(vat, taxable, tax) for vat, taxable, tax in sums.values())


def document_figures(items: list[Item], totals: money.Totals, currency: str,
                     amount_paid: Decimal = money.ZERO) -> Figures:
    """The figures of a document whose items are ``items`` and whose totals the money module
    computed as ``totals`` (``compute_totals`` over the same items, in the same order)."""
    nets = list(totals.line_subtotals)
    prices = [item.unit_price for item in items]
    allowances: list[tuple[VatCategory, Decimal]] = []
    vat_of_rate: dict[money.Rate, VatCategory] = {}
    for group in totals.groups:
        vat = _group_vat(group, items)
        vat_of_rate[group.rates[0]] = vat
        allowance = group.discount_share
        if totals.amounts_include_tax:
            net_before, _ = money.inclusive_parts(group.subtotal, group.rates, currency)
            weights = [totals.line_subtotals[index] for index in group.items]
            if not any(weights):
                weights = [Decimal(1)] * len(weights)
            for index, net in zip(group.items, money.allocate(net_before, weights, currency)):
                nets[index] = net
                prices[index] = (net / items[index].quantity).quantize(PRICE_PLACES)
            allowance = net_before - group.net
        if allowance:
            allowances.append((vat, allowance))
    pieces = [(vat_of_rate[entry.rate], entry.taxable_amount, entry.tax_amount) for entry in totals.tax_breakdown]
    lines = tuple(Line(id=str(index + 1), name=item.name, quantity=item.quantity, net_price=prices[index],
                       net_amount=nets[index], vat=item.vat, description=item.description, unit_code=item.unit_code)
                  for index, item in enumerate(items))
    merged_allowances: dict[tuple, list] = {}
    for vat, amount in allowances:
        merged_allowances.setdefault(vat.key, [vat, money.ZERO])[1] += amount
    line_total = sum(nets, money.ZERO)
    allowance_total = sum((amount for _, amount in allowances), money.ZERO)
    basis = line_total - allowance_total
    grand = basis + totals.tax_amount
    if grand != totals.total:
        raise ValueError(f"The e-invoice figures ({grand}) do not add up to the document's total ({totals.total}).")
    return Figures(lines, tuple(Allowance(amount, vat) for vat, amount in merged_allowances.values()),
                   _merged(pieces),
                   Totals(line_total, allowance_total, basis, totals.tax_amount, grand, amount_paid,
                          amount_due_for_payment(grand, amount_paid)))


def credit_figures(split: money.CreditSplit, vat_of: dict[money.Rate, VatCategory], label: str) -> Figures:
    """The figures of a credit note given as an amount split over an invoice's rates (DESIGN
    §11's cancellation and refund credits): one line per part, net, at the part's rate."""
    lines = []
    for index, part in enumerate(split.parts):
        if len(part.rates) != 1:
            raise NotOneRate(f"Part {index + 1} of the credit carries {len(part.rates)} tax rates.")
        vat = vat_of[part.rates[0]]
        lines.append(Line(id=str(index + 1), name=label, quantity=Decimal(1), net_price=part.net,
                          net_amount=part.net, vat=vat))
    pieces = [(vat_of[entry.rate], entry.taxable_amount, entry.tax_amount) for entry in split.tax_breakdown]
    return Figures(tuple(lines), (), _merged(pieces),
                   Totals(split.subtotal, money.ZERO, split.subtotal, split.tax_amount, split.total, money.ZERO,
                          amount_due_for_payment(split.total, money.ZERO)))
