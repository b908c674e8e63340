"""The overview: figures from SQL aggregates (reports.overview), the revenue chart, aging
buckets and recent activity, each linking to the filtered list behind it."""
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

from app.invoices import lifecycle
from app.services import reports, transaction
from app.services.tenancy import today_for
from app.web.chart import BOTTOM, HEIGHT, TOP, nice_ceiling
from tests.support.html import text_of


def sent(actor, make_invoice, due_days_ago, items_total="100", **fields):
    """A sent invoice for ``items_total`` (no tax, no discount) due ``due_days_ago`` days ago."""
    today = today_for(actor.company)
    invoice = make_invoice(who=actor, issue_date=(today - timedelta(days=due_days_ago + 30)).isoformat(),
                           due_date=(today - timedelta(days=due_days_ago)).isoformat(), tax_rate=0,
                           discount_type=None, discount_value=0,
                           items=[{"name": "Work", "quantity": 1, "unit_price": items_total}], **fields)
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)
    return invoice


def test_figures_aging_and_revenue(actor, make_invoice, make_customer):
    today = today_for(actor.company)
    not_due = sent(actor, make_invoice, -10, "1000")             # due in 10 days
    b0 = sent(actor, make_invoice, 5, "10")
    b1 = sent(actor, make_invoice, 45, "20")
    b2 = sent(actor, make_invoice, 75, "40")
    b3 = sent(actor, make_invoice, 200, "80.55")
    partial = sent(actor, make_invoice, 31, "300")
    with transaction():
        lifecycle.record_payment(actor, partial.id, {"amount": "100", "paid_at": today.isoformat()})
        lifecycle.record_payment(actor, not_due.id, {"amount": "1000",
                                                     "paid_at": (today - timedelta(days=40)).isoformat()})
    paid_old = sent(actor, make_invoice, 3, "7")
    with transaction():
        lifecycle.record_payment(actor, paid_old.id, {"amount": "7",
                                                      "paid_at": (today - timedelta(days=400)).isoformat()})
    make_invoice(due_date="2099-01-01")                           # a draft
    euro = sent(actor, make_invoice, 5, "5000", currency="EUR")   # not in the company's currency
    deleted = sent(actor, make_invoice, 5, "999")
    with transaction():
        lifecycle.cancel_invoice(actor, deleted.id, "dup")
        lifecycle.delete_invoice(actor, deleted.id)

    figures = reports.overview(actor)
    assert figures.currency == "USD"
    assert figures.outstanding == Decimal("10") + 20 + 40 + Decimal("80.55") + 200
    assert figures.overdue == figures.outstanding
    assert [bucket.amount for bucket in figures.aging] == [Decimal("10"), Decimal("220"), Decimal("40"),
                                                           Decimal("80.55")]
    assert sum(bucket.amount for bucket in figures.aging) == figures.overdue
    assert figures.paid_30_days == Decimal("100")
    assert figures.drafts == 1
    assert len(figures.revenue) == 12 and figures.revenue[-1].start == today.replace(day=1)
    assert sum(month.amount for month in figures.revenue) == Decimal("1100")  # the 400-day-old payment is out
    assert figures.revenue[-1].amount >= Decimal("100")
    assert all(isinstance(m.amount, Decimal) for m in figures.revenue)
    assert figures.recent[0][0].action == "invoice.deleted" and len(figures.recent) == 10
    assert b0 and b1 and b2 and b3 and euro


def test_refunds_reduce_revenue_and_the_30_days_figure_alike(client, owner, make_invoice, make_customer):
    """One meaning of money received (issue 24 #19): payments less refunds, in the chart, the
    30-day figure and the other currencies' column, and the label says so."""
    invoice = sent(owner, make_invoice, -5, "50")
    euro = sent(owner, make_invoice, -5, "80", customer=make_customer(name="Euro GmbH", currency="EUR"),
                currency="EUR")
    with transaction():
        lifecycle.record_payment(owner, invoice.id, {"amount": "50"})
        lifecycle.refund_invoice(owner, invoice.id, {"amount": "20"})
        lifecycle.record_payment(owner, euro.id, {"amount": "80"})
        lifecycle.refund_invoice(owner, euro.id, {"amount": "5"})
    figures = reports.overview(owner)
    assert figures.revenue[-1].amount == Decimal("30") and figures.paid_30_days == Decimal("30")
    assert [(c.currency, c.paid_30_days) for c in figures.other_currencies] == [("EUR", Decimal("75"))]
    html = text_of(client.get("/"))
    assert "Received in the last 30 days, net of refunds" in html and 'data-figure="paid">$30.00' in html
    assert "Paid in the last 30 days" not in html


def test_overview_page_links_every_figure(client, owner, make_invoice):
    number = sent(owner, make_invoice, 45, "20").invoice_number
    html = text_of(client.get("/"))
    for status in ("open", "overdue", "draft"):
        assert f'href="/invoices?status={status}"' in html
    assert 'data-figure="overdue">$20.00' in html and 'data-figure="outstanding">$20.00' in html
    assert '<svg class="bar-chart"' in html and html.count("<rect ") == 12
    links = re.findall(r'href="(/invoices\?status=overdue&amp;due_from=[^"]+)"', html)
    assert len(links) == 3  # 0–30, 31–60, 61–90 (90+ has only an upper bound)
    bucket_page = text_of(client.get(links[1].replace("&amp;", "&")))
    assert number in bucket_page
    assert number not in text_of(client.get(links[0].replace("&amp;", "&")))
    assert "Sent to billing@acme.example.com" in html  # recent activity


def test_paid_in_30_days_links_to_the_invoices_behind_it(client, owner, make_invoice):
    today = today_for(owner.company)

    def paid(days_ago, amount="100", **fields):
        invoice = sent(owner, make_invoice, -5, amount, **fields)
        with transaction():
            lifecycle.record_payment(owner, invoice.id, {"amount": amount,
                                                         "paid_at": (today - timedelta(days=days_ago)).isoformat()})
        return invoice.invoice_number

    first_day, today_paid, too_old = paid(29, "10"), paid(0, "20"), paid(30, "40")
    euros = paid(1, "80", currency="EUR")  # not in the company's currency: not in the figure
    unpaid = sent(owner, make_invoice, -5, "160").invoice_number
    html = text_of(client.get("/"))
    assert 'data-figure="paid">$30.00' in html
    link = re.search(r'<a class="figure figure-link" href="(/invoices\?paid_from=[^"]+)">\s*<span class="label">Received', html)
    assert link and link.group(1) == f"/invoices?paid_from={(today - timedelta(days=29)).isoformat()}"
    listed = text_of(client.get(link.group(1)))
    assert first_day in listed and today_paid in listed
    assert too_old not in listed and euros not in listed and unpaid not in listed
    assert "With a payment received since" in listed and "in USD" in listed
    response = client.get("/invoices?paid_from=not-a-date")  # said, and not applied
    assert response.status_code == 400 and "Paid since: 'not-a-date' is not a date" in unescape(text_of(response))


def test_chart_bar_heights_follow_amounts(client, owner, make_invoice):
    invoice = sent(owner, make_invoice, -5, "400")
    with transaction():
        lifecycle.record_payment(owner, invoice.id, {"amount": "400"})
    html = text_of(client.get("/"))
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', html)]
    assert heights[-1] == round((HEIGHT - BOTTOM - TOP) * 400 / 500, 2) and heights[:-1] == [0.0] * 11
    assert "Top of the scale: $500.00" in html


def test_nice_ceiling():
    assert [nice_ceiling(Decimal(v)) for v in ("0", "1", "7", "8769.6", "20000", "0.3")] == [
        1, 1, 10, 10000, 20000, Decimal("0.5")]


def test_user_without_company(client, db):
    from app.services import accounts
    with transaction():
        accounts.create_user("lonely@example.com", "correct horse battery")
    client.post("/login", data={"email": "lonely@example.com", "password": "correct horse battery"})
    html = text_of(client.get("/"))
    assert "You do not belong to a company yet" in html
    assert client.get("/invoices").status_code == 302


def test_other_currencies_are_shown_per_currency_and_linked(client, owner, make_invoice, make_customer):
    """A company in USD that was paid in EUR sees it, per currency, not $0.00 alone."""
    today = today_for(owner.company)
    euro_customer = make_customer(name="Euro GmbH", country="DE", currency="EUR")
    paid = sent(owner, make_invoice, -10, "1930.48", customer=euro_customer, currency="EUR")
    late = sent(owner, make_invoice, 5, "250", customer=euro_customer, currency="EUR")
    pounds = sent(owner, make_invoice, -10, "40", currency="GBP")
    with transaction():
        lifecycle.record_payment(owner, paid.id, {"amount": "1930.48", "paid_at": today.isoformat()})
    figures = reports.overview(owner)
    assert (figures.outstanding, figures.paid_30_days) == (0, 0)
    assert [(c.currency, c.outstanding, c.overdue, c.paid_30_days) for c in figures.other_currencies] == [
        ("EUR", Decimal("250"), Decimal("250"), Decimal("1930.48")), ("GBP", Decimal("40"), 0, 0)]
    html = text_of(client.get("/"))
    assert "In other currencies" in html and "€1,930.48" in html and "£40.00" in html
    paid_link = f"/invoices?paid_from={figures.paid_from.isoformat()}&amp;currency=EUR"
    assert paid_link in html and 'href="/invoices?status=open&amp;currency=EUR"' in html
    # The links lead to the invoices behind each figure.
    listed = text_of(client.get(paid_link.replace("&amp;", "&")))
    assert paid.invoice_number in listed and late.invoice_number not in listed and "in EUR" in listed
    listed = text_of(client.get("/invoices?status=overdue&currency=EUR"))
    assert late.invoice_number in listed and paid.invoice_number not in listed and pounds.invoice_number not in listed
    assert client.get("/invoices?currency=EURO").status_code == 400


def test_no_other_currency_section_when_all_in_the_company_currency(client, owner, make_invoice):
    sent(owner, make_invoice, 5, "10")
    assert "In other currencies" not in text_of(client.get("/"))


def test_recent_activity_names_a_deleted_invoice_without_a_link(client, owner, make_invoice):
    draft = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.delete_invoice(owner, draft.id)
    html = text_of(client.get("/"))
    activity = html.split('id="activity-heading"', 1)[1]
    assert f"{draft.invoice_number} · Deleted" in activity
    assert f'href="/invoices/{draft.id}"' not in activity
    live = sent(owner, make_invoice, -5, "10")
    activity = text_of(client.get("/")).split('id="activity-heading"', 1)[1]
    assert f'<a href="/invoices/{live.id}">{live.invoice_number} · Sent' in activity
    assert client.get(f"/invoices/{draft.id}").status_code == 404
