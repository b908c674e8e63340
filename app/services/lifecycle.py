"""The invoice life cycle of DESIGN §5: send, public view, payments, cancel, refund,
soft delete and overdue. Each action locks the invoice row, checks the table, writes
one activity, and flushes; the door commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app import money
from app.extensions import db
from app.models import Company, Invoice, Payment, Refund
from app.models.base import utcnow
from app.schemas import limits
from app.services import inputs
from app.services.activity import record
from app.services.errors import InvalidTransition, ValidationError
from app.services.inputs import Errors
from app.services.invoices import AUTO_OVERDUE_FROM, effective_status, get_invoice, overdue_condition
from app.services.tenancy import Actor, today_for

PAYABLE = ("sent", "viewed", "overdue", "partial", "in_review")
CLOSED = ("cancelled", "refunded")
PAYMENT_FIELDS = {"amount", "payment_method", "transaction_id", "paid_at", "notes"}
REFUND_FIELDS = {"amount", "reason", "payment_method"}


def _refuse(invoice: Invoice, actor: Actor, action: str, allowed: str) -> None:
    shown = effective_status(invoice, today_for(actor.company))
    raise InvalidTransition(f"Cannot {action} an invoice that is {shown}; {allowed}.", status=shown)


def send_invoice(actor: Actor, invoice_id: str, deliver) -> Invoice:
    """Mail the invoice to its customer; ``deliver(invoice, reminder)`` raises DeliveryFailed
    when the server refuses, and then nothing changes (the door rolls back)."""
    invoice = get_invoice(actor, invoice_id, for_update=True)
    if invoice.status in CLOSED:
        _refuse(invoice, actor, "send", "cancelled and refunded invoices cannot be sent")
    if not invoice.customer.contact_email:
        raise ValidationError({"customer_id": f"The customer {invoice.customer.name} has no contact email to send to."})
    if not invoice.items:
        raise ValidationError({"items": "Add at least one item before sending the invoice."})
    reminder = invoice.status != "draft"
    if not reminder:
        invoice.billing_snapshot = invoice.customer.billing_details()
        invoice.status = "sent"
        invoice.sent_at = utcnow()
    deliver(invoice, reminder)
    record(actor, invoice, "invoice.reminder_sent" if reminder else "invoice.sent",
           to=invoice.customer.contact_email)
    db.session.flush()
    return invoice


def record_public_view(invoice: Invoice) -> Invoice:
    """A visitor opened the public link: the first view of a sent invoice makes it viewed.
    Members' own previews never come here."""
    actor = Actor.public(invoice.company)
    if invoice.status == "sent":
        invoice.status = "viewed"
        invoice.viewed_at = utcnow()
    record(actor, invoice, "invoice.viewed")
    db.session.flush()
    return invoice


def record_payment(actor: Actor, invoice_id: str, data: dict) -> Payment:
    inputs.reject_unknown(data, PAYMENT_FIELDS)
    invoice = get_invoice(actor, invoice_id, for_update=True)
    if invoice.status not in PAYABLE:
        _refuse(invoice, actor, "record a payment on", "payments are recorded on sent, viewed, "
                "overdue, partial or in_review invoices")
    errors = Errors()
    if data.get("amount") in (None, ""):
        errors["amount"] = "This field is required."
    else:
        amount = errors.capture(money.parse_amount, data["amount"], invoice.currency)
        if amount is not None and amount > invoice.amount_due:
            errors["amount"] = (f"The amount cannot exceed the amount due "
                                f"({money.plain(invoice.amount_due)} {invoice.currency}).")
    paid_at = errors.capture(inputs.a_date, data["paid_at"], "paid_at") if data.get("paid_at") else today_for(actor.company)
    texts = {field: errors.capture(inputs.text, data.get(field), field, max_length=limit)
             for field, limit in (("payment_method", limits.PAYMENT_METHOD), ("transaction_id", limits.TRANSACTION_ID),
                                  ("notes", limits.NOTES))}
    errors.raise_if_any()
    payment = Payment.of(invoice, amount=amount, paid_at=paid_at, **texts)
    db.session.add(payment)
    invoice.amount_paid += amount
    invoice.amount_due = invoice.total - invoice.amount_paid
    if invoice.amount_due == 0:
        invoice.status = "paid"
        invoice.paid_at = utcnow()
    elif invoice.status != "in_review":
        invoice.status = "partial"
    db.session.flush()
    record(actor, invoice, "invoice.payment_recorded", payment=payment.id, amount=money.plain(amount),
           status=invoice.status)
    return payment


def cancel_invoice(actor: Actor, invoice_id: str, reason: object = None) -> Invoice:
    invoice = get_invoice(actor, invoice_id, for_update=True)
    if invoice.status in CLOSED:
        _refuse(invoice, actor, "cancel", "it is already closed")
    invoice.cancellation_reason = inputs.text(reason, "cancellation_reason", max_length=limits.CANCELLATION_REASON)
    invoice.status = "cancelled"
    invoice.cancelled_at = utcnow()
    record(actor, invoice, "invoice.cancelled", reason=invoice.cancellation_reason)
    db.session.flush()
    return invoice


def refund_invoice(actor: Actor, invoice_id: str, data: dict) -> Refund:
    inputs.reject_unknown(data, REFUND_FIELDS)
    invoice = get_invoice(actor, invoice_id, for_update=True)
    refundable = invoice.amount_paid - invoice.amount_refunded
    if refundable <= 0:
        _refuse(invoice, actor, "refund", "only money that was paid and not yet refunded can be refunded")
    errors = Errors()
    amount = refundable
    if data.get("amount") not in (None, ""):
        amount = errors.capture(money.parse_amount, data["amount"], invoice.currency)
        if amount is not None and amount > refundable:
            errors["amount"] = f"At most {money.plain(refundable)} {invoice.currency} can be refunded."
    reason = errors.capture(inputs.text, data.get("reason"), "reason", max_length=limits.REFUND_REASON)
    method = errors.capture(inputs.text, data.get("payment_method"), "payment_method",
                            max_length=limits.PAYMENT_METHOD)
    errors.raise_if_any()
    refund = Refund.of(invoice, amount=amount, reason=reason, payment_method=method)
    db.session.add(refund)
    invoice.amount_refunded += amount
    invoice.status = "refunded"
    db.session.flush()
    record(actor, invoice, "invoice.refunded", refund=refund.id, amount=money.plain(amount))
    return refund


def delete_invoice(actor: Actor, invoice_id: str) -> Invoice:
    actor.require_admin("delete invoices")
    invoice = get_invoice(actor, invoice_id, for_update=True)
    if invoice.status == "paid":
        _refuse(invoice, actor, "delete", "cancel a paid invoice before deleting it")
    invoice.deleted_at = utcnow()
    record(actor, invoice, "invoice.deleted")
    db.session.flush()
    return invoice


def mark_overdue(company: Company, today: date | None = None) -> int:
    """Store 'overdue' on every invoice that is past due (the list shows it either way)."""
    actor = Actor.system(company)
    today = today or today_for(company)
    query = (select(Invoice).where(Invoice.company_pk == company.pk, Invoice.deleted_at.is_(None),
                                   Invoice.status.in_(AUTO_OVERDUE_FROM), overdue_condition(today))
             .with_for_update())
    count = 0
    for invoice in db.session.scalars(query):
        invoice.status = "overdue"
        record(actor, invoice, "invoice.overdue", due_date=invoice.due_date.isoformat())
        count += 1
    db.session.flush()
    return count

