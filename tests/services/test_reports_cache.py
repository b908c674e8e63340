"""The overview's aggregates are cached per latest activity: exact after every change."""
from decimal import Decimal as D

from sqlalchemy import event

from app.extensions import db as _db
from app.invoices import lifecycle
from app.services import customers, reports, transaction


def count_statements(func):
    statements = []

    def listen(*args):
        statements.append(args[2])
    event.listen(_db.engine, "before_cursor_execute", listen)
    try:
        result = func()
    finally:
        event.remove(_db.engine, "before_cursor_execute", listen)
    return result, len(statements)


def test_cached_until_something_changes(actor, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda *_: None)
    first, cold = count_statements(lambda: reports.overview(actor))
    again, warm = count_statements(lambda: reports.overview(actor))
    assert first.outstanding == again.outstanding == D("8769.60")
    assert warm < cold and warm <= 2

    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": "769.60"})
    after = reports.overview(actor)
    assert after.outstanding == D(8000)
    assert after.revenue[-1].amount == D("769.60") and after.paid_30_days == D("769.60")

    with transaction():
        customers.create_customer(actor, {"name": "New", "country": "FR"})
    assert reports.overview(actor).customers == after.customers + 1
