"""The invoice life cycle of DESIGN §5: send, public view, payments, status changes (in
review), cancel, refund, soft delete and overdue. Each action locks the invoice row, asks the
table of :mod:`app.invoices.states`, writes one activity, and flushes; the door commits."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app import limits, money, sealed
from app.credit_notes import service as credit_notes
from app.extensions import db
from app.i18n import _
from app.invoices.states import (
    AUTO_OVERDUE_FROM,
    INVOICE,
    actions_for,
    effective_status,
    overdue_condition,
    refundable,
    require,
    settle,
)
from app.models import Company, Invoice, Payment, Refund
from app.models.base import utcnow
from app.online_payments import connection, gateway, recording
from app.services import documents, inputs, parties, tenancy
from app.services.activity import record
from app.services.errors import InvalidTransition, Money, Said
from app.services.inputs import Errors
from app.services.lifecycle_table import listing
from app.services.tenancy import Actor, today_for

STATUS_TARGETS = {"in_review": "mark_in_review", "sent": "end_review"}  # the `status` an update may set


def _locked(actor: Actor, invoice_id: str) -> Invoice:
    return tenancy.get(Invoice, actor.company, invoice_id, for_update=True)


def send_invoice(actor: Actor, invoice_id: str, deliver) -> Invoice:
    """Mail the invoice to its customer; ``deliver(invoice, reminder)`` raises DeliveryFailed
    when the server refuses, and then nothing changes (the door rolls back)."""
    invoice = _locked(actor, invoice_id)
    reminder = invoice.status != "draft"
    rule = require(actor, invoice, "remind" if reminder else "send")
    documents.check_sendable(invoice, "invoice")
    if not reminder:
        parties.take_snapshots(invoice)
        invoice.status = rule.result
        invoice.sent_at = utcnow()
    deliver(invoice, reminder)
    record(actor, invoice, "invoice.reminder_sent" if reminder else "invoice.sent",
           to=invoice.customer.contact_email)
    db.session.flush()
    return invoice


def record_public_view(invoice: Invoice) -> Invoice:
    """A visitor opened the public link: the first view of a sent invoice makes it viewed.
    Members' own previews never come here."""
    first = INVOICE.record_view(invoice)
    record(Actor.public(invoice.company), invoice, "invoice.viewed", first=first or None)
    db.session.flush()
    return invoice


def _for(actor: Actor, invoice_id: str, action: str) -> Invoice:
    """The invoice, locked, once the table allows ``action``."""
    invoice = _locked(actor, invoice_id)
    require(actor, invoice, action)
    return invoice


def _amount(errors: Errors, raw: object, invoice: Invoice, most: Decimal, too_much: Said) -> Decimal | None:
    """The amount given, in the invoice's currency and at most ``most`` (else ``too_much``)."""
    amount = errors.capture(money.parse_amount, raw, invoice.currency)
    if amount is not None and amount > most:
        errors["amount"] = too_much
    return amount


def record_payment(actor: Actor, invoice_id: str, data: dict) -> Payment:
    invoice = _for(actor, invoice_id, "record_payment")
    today = today_for(actor.company)
    errors = Errors()
    if data.get("amount") in (None, ""):
        errors["amount"] = _("This field is required.")
    else:
        amount = _amount(errors, data["amount"], invoice, invoice.amount_due,
                         Said(_("The amount cannot exceed the amount due ({due})."),
                              due=Money(invoice.amount_due, invoice.currency)))
    paid_at = errors.capture(inputs.a_date, data["paid_at"], "paid_at") if data.get("paid_at") else today
    if paid_at is not None and paid_at > today:
        errors["paid_at"] = Said(_("The payment date cannot be in the future: today is {today} ({timezone})."),
                                 today=today, timezone=actor.company.timezone)
    texts = {field: errors.capture(inputs.text, data.get(field), field, max_length=limit, multiline=field == "notes")
             for field, limit in (("payment_method", limits.PAYMENT_METHOD), ("transaction_id", limits.TRANSACTION_ID),
                                  ("notes", limits.NOTES))}
    errors.raise_if_any()
    payment = Payment.of(invoice, amount=amount, paid_at=paid_at, **texts)
    db.session.add(payment)
    invoice.amount_paid += amount
    settle(invoice)
    invoice.status = INVOICE.result("record_payment", invoice)  # a payment also ends a review
    if invoice.status == "paid":
        invoice.paid_at = utcnow()
    db.session.flush()
    record(actor, invoice, "invoice.payment_recorded", payment=payment.id, amount=money.plain(amount),
           status=invoice.status)
    return payment


def change_status(actor: Actor, invoice: Invoice, target: object) -> None:
    """The ``status`` an update asks for: ``in_review`` marks a question from the client,
    ``sent`` ends the review (back to ``partial`` when money came in, so the status matches
    the amounts). Asking for the status the invoice already shows changes nothing."""
    shown = effective_status(invoice, today_for(actor.company))
    action = STATUS_TARGETS.get(target) if isinstance(target, str) else None
    if action is None or action not in actions_for(actor, invoice):
        if target == shown:
            return
        raise InvalidTransition(
            _("Cannot change the status of a %(status)s invoice to '%(target)s': only %(review_from)s invoices can go "
              "to 'in_review', and only %(end_from)s invoices back to 'sent'.", status=shown, target=target,
              review_from=listing(INVOICE.statuses_for("mark_in_review")),
              end_from=listing(INVOICE.statuses_for("end_review"))), status=shown, param="status")
    invoice.status = INVOICE.result(action, invoice)
    record(actor, invoice, "invoice.status_changed", **{"from": shown, "to": invoice.status})


def cancel_invoice(actor: Actor, invoice_id: str, reason: object = None) -> Invoice:
    invoice = _locked(actor, invoice_id)
    rule = require(actor, invoice, "cancel")
    invoice.cancellation_reason = inputs.text(reason, "cancellation_reason", max_length=limits.CANCELLATION_REASON,
                                              multiline=True)
    owed, was_sent = invoice.amount_due, invoice.status != "draft"
    invoice.status = rule.result
    invoice.cancelled_at = utcnow()
    record(actor, invoice, "invoice.cancelled", reason=invoice.cancellation_reason)
    if was_sent and owed > 0:  # what a sent invoice still owes is credited (DESIGN §11)
        credit_notes.for_cancellation(actor, invoice, owed)
    settle(invoice)
    db.session.flush()
    return invoice


def payments_left(invoice: Invoice) -> list[tuple[Payment, Decimal]]:
    """Each payment of the invoice, oldest first, with what it has left to refund: its amount
    minus the refunds naming it. Refunds naming no payment (``payment_pk`` NULL: those recorded
    before refunds named their payment, and refunds by hand of more than one payment) were
    money returned by hand: they are taken from the payments recorded by hand first, then from
    the provider's, oldest first, as far as they reach."""
    left = {payment.pk: payment.amount - sum((refund.amount for refund in payment.refunds), Decimal(0))
            for payment in invoice.payments}
    unnamed = sum((refund.amount for refund in invoice.refunds if refund.payment_pk is None), Decimal(0))
    for payment in sorted(invoice.payments, key=lambda payment: (payment.provider is not None, payment.pk)):
        taken = min(unnamed, max(left[payment.pk], Decimal(0)))
        left[payment.pk] -= taken
        unnamed -= taken
    return [(payment, max(left[payment.pk], Decimal(0))) for payment in invoice.payments]


def refund_choices(invoice: Invoice) -> list[tuple[Payment, Decimal]]:
    """The payments that can still be refunded, most recent first (the first is the default)."""
    return [(payment, rest) for payment, rest in reversed(payments_left(invoice)) if rest > 0]


def _refunded_payment(invoice: Invoice, payment_id: object, errors: Errors) -> tuple[Payment | None, Decimal, bool]:
    """The payment a refund returns, what it has left, and whether it was named: the one
    ``payment_id`` names, else the most recent one with something left (None for an invoice
    whose money was recorded without payment rows)."""
    if payment_id in (None, ""):
        choices = refund_choices(invoice)
        return (*choices[0], False) if choices else (None, refundable(invoice), False)
    for payment, rest in payments_left(invoice):
        if payment.id == payment_id:
            if rest <= 0:
                errors["payment_id"] = Said(_("The payment {payment} has been refunded in full."), payment=payment.id)
            return payment, rest, True
    errors["payment_id"] = Said(_("No payment '{payment}' on this invoice."),
                                payment=str(payment_id)[:limits.TRANSACTION_ID])
    return None, Decimal(0), True


def _through_stripe(actor: Actor, payment: Payment, amount: Decimal, rest: Decimal) -> str:
    """Return ``amount`` of a Stripe payment through Stripe (``POST /v1/refunds``); the id of
    Stripe's refund. The idempotency key names the payment, what it had refunded so far and
    the amount: a retry of the same refund is the same Stripe refund, a later one a new one.
    The owner's reason stays here; a refusal raises ProviderRefused and nothing is recorded."""
    try:
        key = connection.secret_key(actor.company)
    except sealed.Unreadable:
        raise InvalidTransition(_("The company's Stripe secret key can no longer be read (the app's SECRET_KEY "
                                  "changed): enter it again in Settings → Payments, then refund again."),
                                status=payment.invoice.status, param="payment_id") from None
    if key is None:
        raise InvalidTransition(
            _("The payment %(payment)s was made through Stripe and is refunded through Stripe, but the company is "
              "no longer connected to Stripe: reconnect it in Settings → Payments, then refund again.",
              payment=payment.id),
            status=payment.invoice.status, param="payment_id")
    currency = payment.currency
    minor, so_far = money.to_minor_units(amount, currency), money.to_minor_units(payment.amount - rest, currency)
    answer = gateway.refund(key, {"payment_intent": payment.provider_payment_id, "amount": minor,
                                  "reason": "requested_by_customer",
                                  "metadata": {"invoice_id": payment.invoice.id, "payment_id": payment.id}},
                            f"refund-{payment.id}-{so_far}-{minor}")
    return answer.get("id")


def refund_invoice(actor: Actor, invoice_id: str, data: dict) -> Refund:
    """Refund money paid, from the payment ``payment_id`` names (at most what it has left), else
    from the most recent payment with something left. A Stripe payment goes back through Stripe
    first, at most what it has left, with the invoice row still locked (two refunds cannot both
    pass the cap), and is recorded only when Stripe accepts. A refund by hand without a payment
    named may return up to everything paid and not refunded, as before payments were named: it
    names the most recent payment when it fits in it, else none (:func:`payments_left`).
    The credit note covers what the refund returns of the invoiced amount: returning an
    overpayment (DESIGN §16) first takes off ``amount_overpaid``, which was never invoiced."""
    invoice = _for(actor, invoice_id, "refund")
    errors = Errors()
    payment, rest, named = _refunded_payment(invoice, data.get("payment_id"), errors)
    by_hand = payment is None or payment.provider is None
    left = refundable(invoice) if by_hand and not named else min(rest, refundable(invoice))
    amount = left
    if data.get("amount") not in (None, "") and "payment_id" not in errors:
        amount = _amount(errors, data["amount"], invoice, left,
                         Said(_("At most {left} can be refunded."), left=Money(left, invoice.currency))
                         if left == refundable(invoice) else
                         Said(_("At most {left} can be refunded from the payment {payment}."),
                              left=Money(left, invoice.currency), payment=payment.id))
    reason = errors.capture(inputs.text, data.get("reason"), "reason", max_length=limits.REFUND_REASON,
                           multiline=True)
    method = errors.capture(inputs.text, data.get("payment_method"), "payment_method",
                            max_length=limits.PAYMENT_METHOD)
    errors.raise_if_any()
    if payment is not None and amount > rest:
        payment = None  # by hand, across several payments
    stripe_id = None
    if payment is not None and payment.provider == recording.PROVIDER:
        stripe_id = _through_stripe(actor, payment, amount, rest)
        method = method or recording.PROVIDER
    overpaid = invoice.amount_overpaid
    refund = Refund.of(invoice, amount=amount, reason=reason, payment_method=method, payment=payment,
                       provider_refund_id=stripe_id)
    db.session.add(refund)
    invoice.amount_refunded += amount
    db.session.flush()
    record(actor, invoice, "invoice.refunded", refund=refund.id, amount=money.plain(amount),
           **({"payment": payment.id} if payment is not None else {}), **({"via": "stripe"} if stripe_id else {}))
    if amount > overpaid:  # the refunded amount is credited (DESIGN §11), beyond what was overpaid
        credit_notes.for_refund(actor, invoice, refund, amount - overpaid)
        settle(invoice)
        invoice.status = INVOICE.result("refund", invoice)
    settle(invoice)
    db.session.flush()
    return refund


def delete_invoice(actor: Actor, invoice_id: str) -> Invoice:
    return documents.delete(actor, _locked(actor, invoice_id), require, "invoice")


def mark_overdue(company: Company, today: date | None = None) -> int:
    """Store 'overdue' on every invoice that is past due (the list shows it either way)."""
    actor = Actor.system(company)
    today = today or today_for(company)
    query = (tenancy.scoped(Invoice, company).where(Invoice.status.in_(AUTO_OVERDUE_FROM), overdue_condition(today))
             .with_for_update())
    count = 0
    for invoice in db.session.scalars(query):
        invoice.status = "overdue"
        record(actor, invoice, "invoice.overdue", due_date=invoice.due_date.isoformat())
        count += 1
    db.session.flush()
    return count

