"""Steps on documents that several test modules take: an invoice sent without mail, a tax rate as
an item keeps it."""
from app import money
from app.invoices import lifecycle
from app.services import transaction


def rate_copy(rate) -> dict:
    """A rate as an item keeps it (COMMON contract: id, name, percentage, category, reason)."""
    return {"id": rate.id, "name": rate.name, "percentage": money.plain(rate.percentage), "category": rate.category,
            "exemption_reason": rate.exemption_reason}


def send_invoice(actor, invoice):
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, lambda invoice, reminder: None)
