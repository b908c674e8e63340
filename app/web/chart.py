"""Geometry of the overview's 12-month revenue bar chart (drawn as SVG by the template)."""
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from babel.dates import format_date

from app.i18n import _
from app.presentation import fmt_money

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 200, 0, 1, 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str   # short month name
    title: str   # month and amount, for the tooltip and screen readers


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    top_label: str
    summary: str
    note: str  # under the chart: its scale, or that nothing was received yet


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 2 or 5 × 10^n at or above ``value`` (the chart's top)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (1, 2, 5, 10):
        top = Decimal(step).scaleb(exponent)
        if top >= value:
            return top
    return value.to_integral_value(ROUND_CEILING)


def bar_chart(months, currency: str, locale: str) -> Chart:
    top = nice_ceiling(max((m.amount for m in months), default=Decimal(0)))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(months), 1)
    bars = []
    for index, month in enumerate(months):
        amount = max(month.amount, Decimal(0))
        height = float(amount / top) * plot_height if top else 0.0
        name = format_date(month.start, "MMM", locale=locale)
        long_name = format_date(month.start, "MMMM y", locale=locale)
        bars.append(Bar(x=round(LEFT + index * slot + slot * 0.18, 2), y=round(TOP + plot_height - height, 2),
                        width=round(slot * 0.64, 2), height=round(height, 2), label=name,
                        title=_("%(month)s: %(amount)s", month=long_name,
                                amount=fmt_money(month.amount, currency, locale))))
    summary = "; ".join(bar.title for bar in bars)
    top_label = fmt_money(top, currency, locale)
    if any(month.amount > 0 for month in months):
        note = _("Top of the scale: %(top)s. Payments received less refunds.", top=top_label)
    else:
        note = _("Nothing received in the last 12 months yet: the bars grow as payments come in (less refunds).")
        summary = _("Nothing received in the last 12 months yet. %(months)s", months=summary)
    return Chart(WIDTH, HEIGHT, TOP + plot_height, tuple(bars), top_label, summary, note)
