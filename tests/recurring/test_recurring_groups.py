"""Recurring invoices issued a group at a time (multi-row inserts): each invoice has the
figures, items, numbers and activity the invoice service would give it, numbers run on per
company and year, and a period issued meanwhile leaves the rest of the group issued."""
from datetime import date

from app.extensions import db
from app.invoices import service as invoices
from app.jobs import recurring as job
from app.models import Invoice
from app.services import activity, document_items, tax_rates, transaction
from tests.support.reads import issued

PRICED = ("subtotal", "discount_amount", "subtotal_after_discount", "tax_amount", "total", "amount_due")


def snapshot(document) -> tuple:
    items = [(item.item_name, item.quantity, item.unit_price, item.subtotal, item.tax_rates) for item in document.items]
    return tuple(getattr(document, field) for field in PRICED) + (document_items.breakdown_of(document), items)


def test_a_group_prices_each_invoice_as_the_invoice_service_does(actor, make_customer, make_recurring):
    with transaction():
        vat = tax_rates.create_tax_rate(actor, {"name": "VAT", "percentage": 19}).id
        reduced = tax_rates.create_tax_rate(actor, {"name": "Reduced", "percentage": 7}).id
    items = [{"name": "Hosting", "unit_price": "49.99", "tax_rates": [vat]},
             {"name": "Books", "quantity": 3, "unit": "pc", "unit_price": "12.35", "tax_rates": [reduced]},
             {"name": "Both", "quantity": "1.5", "unit_price": "10", "tax_rates": [vat, reduced]}]
    pricing = {"items": items, "tax_rate": 0, "discount_type": "percentage", "discount_value": "10",
               "amounts_include_tax": True}
    customer, other = make_customer(), make_customer(name="Other Ltd")
    first = make_recurring(actor, customer, **pricing)
    second = make_recurring(actor, other)  # the helpers' items and the seed's single 19 % rate
    outcome = job.issue((first.pk, second.pk), date(2027, 2, 28))
    assert outcome.outcome == "issued" and outcome.count == 2
    with transaction():
        by_hand = invoices.create_invoice(actor, {"customer_id": customer.id, **pricing})
    for invoice in issued(first):
        assert snapshot(invoice) == snapshot(by_hand)
    assert [invoice.total for invoice in issued(second)] == [second.total, second.total]
    numbers = [invoice.invoice_number for invoice in issued(first) + issued(second)]
    assert numbers == [f"INV-2027-00000{n}" for n in (1, 2, 3, 4)]
    [created] = [entry for entry in activity.timeline(actor, issued(first)[1]) if entry.action == "invoice.created"]
    assert (created.actor_type, created.details) == ("system", {
        "number": "INV-2027-000002", "recurring_invoice": first.id, "period": "2027-02-28"})


def test_periods_over_new_year_take_numbers_from_each_years_counter(actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), start_date="2026-11-30")
    job.issue(rec.pk, date(2027, 1, 31))
    assert [(invoice.issue_date.isoformat(), invoice.invoice_number) for invoice in issued(rec)] == [
        ("2026-11-30", "INV-2026-000001"), ("2026-12-30", "INV-2026-000002"), ("2027-01-30", "INV-2027-000001")]


def test_a_period_issued_meanwhile_leaves_the_rest_of_the_group_issued(actor, make_customer, make_recurring):
    taken, free = make_recurring(actor, make_customer()), make_recurring(actor, make_customer(name="Free Ltd"))
    with transaction():  # another writer issued the first period without moving the schedule on
        db.session.add(Invoice(company_pk=taken.company_pk, customer_pk=taken.customer_pk, invoice_number="X-1",
                               issue_date=date(2027, 1, 31), due_date=date(2027, 3, 2), currency="USD",
                               public_token="t" * 40, recurring_invoice_pk=taken.pk,
                               recurring_period_start=date(2027, 1, 31)))
    outcome = job.issue((taken.pk, free.pk), date(2027, 1, 31))
    assert (outcome.outcome, outcome.count) == ("issued", 1)
    assert [invoice.invoice_number for invoice in issued(taken)] == ["X-1"]
    assert [invoice.issue_date for invoice in issued(free)] == [date(2027, 1, 31)]
    db.session.refresh(taken)
    assert (taken.issued_count, taken.next_issue_date) == (0, date(2027, 1, 31))
