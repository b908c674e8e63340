"""Bulk seeding (app/seed.py): exact totals, gapless numbers from the counter rows, every
status, and services that carry on where the seed stopped."""
import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app import money, seed
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.invoices import states as invoice_states
from app.models import Activity, CreditNote, Customer, Invoice, InvoiceCounter, InvoiceItem, Payment, Refund
from app.models.invoice import INVOICE_STATUSES
from app.services import transaction
from app.services.tenancy import today_for


def _seed(actor, customers=40, count=300, rng_seed=3):
    return seed.seed(actor.company, customers, count, today=today_for(actor.company),
                     rng=random.Random(rng_seed), years=1)


def _numbers_by_year(db, company):
    numbers = defaultdict(list)
    for number in db.session.scalars(select(Invoice.invoice_number).where(Invoice.company_pk == company.pk)):
        prefix, year, counter = number.split("-")
        assert prefix == company.invoice_prefix
        numbers[int(year)].append(int(counter))
    return numbers


def _assert_gapless(db, company):
    counters = dict(db.session.execute(select(InvoiceCounter.year, InvoiceCounter.value)
                                       .where(InvoiceCounter.company_pk == company.pk,
                                              InvoiceCounter.kind == "invoice")).all())
    numbers = _numbers_by_year(db, company)
    assert set(numbers) == set(counters)
    for year, values in numbers.items():
        assert sorted(values) == list(range(1, counters[year] + 1)), year
    return counters


def test_seeded_totals_are_exact_and_consistent(db, actor):
    result = _seed(actor)
    assert (result.customers, result.invoices) == (40, 300)
    rows = db.session.scalars(select(Invoice).where(Invoice.company_pk == actor.company.pk)).all()
    assert len(rows) == 300
    assert {row.status for row in rows} == set(INVOICE_STATUSES)
    for invoice in rows:
        lines = [money.Line(item.quantity, item.unit_price) for item in invoice.items]
        assert lines, invoice.invoice_number
        totals = money.compute_totals(lines, invoice.currency, discount_type=invoice.discount_type,
                                      discount_value=invoice.discount_value, tax_rate=invoice.tax_rate,
                                      amount_paid=invoice.amount_paid)
        assert [item.subtotal for item in invoice.items] == list(totals.line_subtotals)
        for field in ("subtotal", "discount_amount", "subtotal_after_discount", "tax_amount", "total"):
            assert getattr(invoice, field) == getattr(totals, field), (invoice.invoice_number, field)
        # Refunds and cancellations came with their credit notes (DESIGN §11); amount_due is §5's.
        assert invoice.amount_credited == sum((note.total for note in invoice.credit_notes), Decimal(0))
        assert invoice.amount_due == invoice_states.amount_due_of(invoice), invoice.invoice_number
        assert [note.refund.id for note in invoice.credit_notes if note.type == "refund"] == \
            [refund.id for refund in invoice.refunds]
        assert invoice.amount_paid == sum((p.amount for p in invoice.payments), Decimal(0))
        assert invoice.amount_refunded == sum((r.amount for r in invoice.refunds), Decimal(0))
        for movement in (*invoice.payments, *invoice.refunds):  # what Payment.of / Refund.of copy
            assert (movement.company_pk, movement.currency) == (invoice.company_pk, invoice.currency)
        assert invoice.issue_date.year == int(invoice.invoice_number.split("-")[1])
        if invoice.status == "paid":
            assert invoice.amount_due == 0 and invoice.paid_at is not None
        if invoice.status == "refunded":
            assert invoice.amount_refunded == invoice.amount_paid == invoice.total
        if invoice.status == "partial":
            assert 0 < invoice.amount_paid < invoice.total
        if invoice.status == "draft":
            assert invoice.amount_paid == 0 and invoice.sent_at is None and invoice.billing_snapshot is None
        if invoice.status not in ("draft", "cancelled"):
            assert invoice.billing_snapshot["name"] == invoice.customer.name
    created = db.session.scalar(select(func.count()).select_from(Activity).where(Activity.action == "invoice.created"))
    assert created == 300
    by_year = defaultdict(list)  # the credit notes' own series: gapless per year
    for number in db.session.scalars(select(CreditNote.number).where(CreditNote.company_pk == actor.company.pk)):
        prefix, year, counter = number.split("-")
        by_year[year].append(int(counter))
    assert prefix == "CN" and by_year
    assert all(sorted(counters) == list(range(1, len(counters) + 1)) for counters in by_year.values())


def test_numbers_are_gapless_and_services_continue(db, actor, make_customer):
    _seed(actor)
    _seed(actor, customers=5, count=50, rng_seed=4)  # a second run continues the counters
    counters = _assert_gapless(db, actor.company)
    assert sum(counters.values()) == 350
    slugs = db.session.scalars(select(Customer.slug).where(Customer.company_pk == actor.company.pk)).all()
    assert len(slugs) == len(set(slugs)) == 45

    today = today_for(actor.company)
    customer = make_customer()
    with transaction():
        created = invoices.create_invoice(actor, {"customer_id": customer.id, "issue_date": today,
                                                  "items": [{"name": "Extra", "unit_price": 10}]})
    assert created.invoice_number == f"INV-{today.year}-{counters.get(today.year, 0) + 1:06d}"
    # A seeded invoice moves through the life cycle like any other.
    draft = db.session.scalars(select(Invoice).where(Invoice.status == "draft")).first()
    with transaction():
        lifecycle.send_invoice(actor, draft.id, deliver=lambda *_: None)
        lifecycle.record_payment(actor, draft.id, {"amount": draft.amount_due})
    assert draft.status == "paid"
    _assert_gapless(db, actor.company)


def test_seed_demo_command_uses_the_bulk_seeder(app, db, actor):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--customers", "7", "--invoices", "120",
                                 "--company-id", actor.company.id, "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == actor.company.id
    assert "120 invoices" in result.output
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
              for model in (Customer, Invoice, InvoiceItem, Payment, Refund)}
    assert counts["Customer"] == 7 and counts["Invoice"] == 120 and counts["InvoiceItem"] >= 120
    _assert_gapless(db, actor.company)
    bad = runner.invoke(args=["seed-demo", "--customers", "1", "--invoices", "1", "--company-id", "com_missing00000"])
    assert bad.exit_code != 0 and "No such company" in bad.output
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 120


def test_seed_refuses_a_company_without_customers_cleanly(db, actor):
    try:
        seed.seed_invoices(actor.company, [], 10, random.Random(1), date.today())
    except ValueError as error:
        assert "no demo customers" in str(error)
    else:
        raise AssertionError("seeding invoices without customers must fail")
    assert db.session.scalar(select(func.count()).select_from(Invoice)) == 0


def test_demo_invoices_go_only_to_demo_customers(db, actor, make_customer):
    """The owner's own customers get no demo invoice (the activity said 'Sent to' them)."""
    own = make_customer(name="Pizza Ciao", email="ciao@pizza.example")
    _seed(actor, customers=5, count=200)
    invoiced = set(db.session.scalars(select(Invoice.customer_pk).where(Invoice.company_pk == actor.company.pk)))
    assert own.pk not in invoiced and len(invoiced) > 1
    sent_to = {entry.details["to"] for entry in db.session.scalars(
        select(Activity).where(Activity.action == "invoice.sent"))}
    assert "ciao@pizza.example" not in sent_to and sent_to
    # A second run invoices its own new customers only.
    before = invoiced
    _seed(actor, customers=2, count=30, rng_seed=5)
    newly = set(db.session.scalars(select(Invoice.customer_pk).where(Invoice.company_pk == actor.company.pk))) - before
    assert newly and own.pk not in newly


def test_demo_invoices_are_in_their_customers_currency(db, actor):
    """A EUR company's USD customer is invoiced (and pays) in USD, not EUR."""
    with transaction():
        actor.company.currency = "EUR"
    rng = random.Random(7)
    pks = seed.seed_customers(actor.company, 4, rng)
    with transaction():
        dollars = db.session.get(Customer, pks[0])
        dollars.currency = "USD"
    seed.seed_invoices(actor.company, pks, 150, rng, today_for(actor.company), years=1)
    rows = db.session.execute(select(Invoice.customer_pk, Invoice.currency)).all()
    assert {currency for pk, currency in rows if pk == pks[0]} == {"USD"}
    assert {currency for pk, currency in rows if pk != pks[0]} == {"EUR"}
    for movement in db.session.scalars(select(Payment)):
        assert movement.currency == movement.invoice.currency


def test_seeded_activity_is_what_the_services_write(db, actor, make_customer):
    """Seeded rows equal those of app.services.activity for the same event (one helper)."""
    _seed(actor, customers=2, count=40)
    created = db.session.scalars(select(Activity).where(Activity.action == "customer.created")).first()
    assert (created.actor_type, created.details, created.invoice_pk) == ("system", None, None)
    viewed = db.session.scalars(select(Activity).where(Activity.action == "invoice.viewed")).first()
    assert viewed.actor_type == "public" and viewed.details is None and viewed.invoice_pk is not None
