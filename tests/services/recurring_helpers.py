"""Shared set-up of the recurring invoice tests."""
from sqlalchemy import select

from app.extensions import db
from app.models import Invoice
from app.recurring import service as recurring
from app.services import transaction

ITEMS = [{"name": "Hosting", "quantity": 1, "unit_price": "49.00"},
         {"name": "Support", "quantity": 2, "unit": "hour", "unit_price": "80"}]


def make_recurring(actor, customer, **fields):
    data = {"customer_id": customer.id, "interval": "month", "start_date": "2027-01-31", "items": ITEMS,
            "tax_rate": 19, "notes": "Thank you", "payment_terms": "Net 14"}
    data.update(fields)
    with transaction():
        return recurring.create_recurring(actor, data)


def issued(rec) -> list[Invoice]:
    """Its invoices, oldest period first (read fresh)."""
    db.session.expire_all()
    return list(db.session.scalars(select(Invoice).where(Invoice.recurring_invoice_pk == rec.pk)
                                   .order_by(Invoice.recurring_period_start)))


def periods(rec) -> list[tuple[str, str, str]]:
    return [(invoice.issue_date.isoformat(), invoice.supply_period_end.isoformat(), invoice.status)
            for invoice in issued(rec)]
