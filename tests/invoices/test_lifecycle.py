"""Every row of the life-cycle table (DESIGN §5): allowed and refused transitions."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from app.invoices import lifecycle
from app.invoices import service as invoices
from app.invoices.schemas import PaymentInput
from app.models import Activity, Invoice
from app.schemas.validation import check
from app.services import transaction
from app.services.errors import DeliveryFailed, Forbidden, InvalidTransition, NotFound, ValidationError
from app.services.tenancy import Actor, today_for

STATUSES = ("draft", "sent", "viewed", "in_review", "partial", "paid", "overdue", "cancelled", "refunded")


def no_mail(invoice, reminder):
    no_mail.calls.append((invoice.invoice_number, reminder))


no_mail.calls = []


@pytest.fixture()
def invoice(make_invoice):
    return make_invoice(due_date="2099-01-01")


def in_status(invoice, status, paid=D(0)):
    invoice.status = status
    invoice.amount_paid = paid
    invoice.amount_due = invoice.total - paid
    return invoice


def actions_of(invoice):
    return [a.action for a in invoices.db.session.scalars(
        select(Activity).where(Activity.invoice_pk == invoice.pk).order_by(Activity.pk))]


# --- send -----------------------------------------------------------------------------------

def test_send_moves_draft_to_sent_with_snapshot(actor, invoice):
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
    assert invoice.status == "sent" and invoice.sent_at is not None
    assert invoice.billing_snapshot["name"] == "Acme Corp"
    assert actions_of(invoice)[-1] == "invoice.sent"


@pytest.mark.parametrize("status", ["sent", "viewed", "in_review", "partial", "paid", "overdue"])
def test_later_sends_are_reminders(actor, invoice, status):
    in_status(invoice, status)
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
    assert invoice.status == status
    assert actions_of(invoice)[-1] == "invoice.reminder_sent"


@pytest.mark.parametrize("status", ["cancelled", "refunded"])
def test_send_refused_when_closed(actor, invoice, status):
    in_status(invoice, status)
    with pytest.raises(InvalidTransition) as error:
        lifecycle.send_invoice(actor, invoice.id, no_mail)
    assert status in error.value.message


def test_failed_delivery_changes_nothing(actor, invoice, db):
    def refuse(invoice, reminder):
        raise DeliveryFailed("550 mailbox unavailable")
    with pytest.raises(DeliveryFailed):
        with transaction():
            lifecycle.send_invoice(actor, invoice.id, refuse)
    db.session.expire_all()
    assert db.session.get(Invoice, invoice.pk).status == "draft"
    assert "invoice.sent" not in actions_of(invoice)


def test_send_needs_an_email(actor, make_customer, make_invoice):
    customer = make_customer(email=None)
    invoice = make_invoice(customer=customer)
    with pytest.raises(ValidationError):
        lifecycle.send_invoice(actor, invoice.id, no_mail)


# --- public view ----------------------------------------------------------------------------

def test_first_visitor_view_marks_viewed(invoice):
    in_status(invoice, "sent")
    lifecycle.record_public_view(invoice)
    assert invoice.status == "viewed" and invoice.viewed_at is not None
    lifecycle.record_public_view(invoice)
    assert actions_of(invoice).count("invoice.viewed") == 2


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "sent"])
def test_view_keeps_other_statuses(invoice, status):
    in_status(invoice, status)
    lifecycle.record_public_view(invoice)
    assert invoice.status == status


# --- payments -------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["sent", "viewed", "overdue", "partial", "in_review"])
def test_payment_allowed(actor, invoice, status):
    in_status(invoice, status)
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": "1000.10", "payment_method": "bank_transfer"})
    assert invoice.amount_paid == D("1000.10")
    assert invoice.amount_due == D("7769.50")
    assert invoice.status == "partial"  # also from in_review: a payment ends the review (DESIGN §5)
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": "7769.50"})
    assert invoice.status == "paid" and invoice.amount_due == 0 and invoice.paid_at is not None


@pytest.mark.parametrize("status", ["draft", "paid", "cancelled", "refunded"])
def test_payment_refused(actor, invoice, status):
    in_status(invoice, status)
    with pytest.raises(InvalidTransition) as error:
        lifecycle.record_payment(actor, invoice.id, {"amount": 1})
    assert status in error.value.message


@pytest.mark.parametrize("amount", [0, -5, "8769.61", "1.001", "abc", None, 1.5, 10**13])
def test_payment_amount_limits(actor, invoice, amount):
    in_status(invoice, "sent")
    with pytest.raises(ValidationError) as error:
        lifecycle.record_payment(actor, invoice.id, {"amount": amount})
    assert "amount" in error.value.errors
    assert invoice.amount_paid == 0


def test_payment_dated_after_today_is_refused(actor, invoice):
    in_status(invoice, "sent")
    tomorrow = today_for(actor.company) + timedelta(days=1)
    for day in ("2030-01-01", tomorrow.isoformat()):
        with pytest.raises(ValidationError) as error:
            lifecycle.record_payment(actor, invoice.id, {"amount": 1, "paid_at": day})
        assert error.value.errors["paid_at"].startswith("The payment date cannot be in the future")
    assert invoice.amount_paid == 0
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": 1, "paid_at": today_for(actor.company).isoformat()})
    assert invoice.amount_paid == 1


def test_payment_rejects_unknown_fields(actor, invoice):
    """The payment's shape refuses a field it does not declare (the API checks it before the
    service runs; the service lists no fields of its own: issue 25)."""
    in_status(invoice, "sent")
    with pytest.raises(ValidationError) as error:
        check(PaymentInput, {"amount": 1, "tip": 2})
    assert error.value.errors == {"tip": "Unknown field(s): 'tip'."}
    assert invoice.amount_paid == 0


# --- cancel ---------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "sent", "viewed", "in_review", "partial", "paid", "overdue"])
def test_cancel_allowed(actor, invoice, status):
    in_status(invoice, status)
    with transaction():
        lifecycle.cancel_invoice(actor, invoice.id, "Duplicate invoice")
    assert invoice.status == "cancelled" and invoice.cancellation_reason == "Duplicate invoice"


@pytest.mark.parametrize("status", ["cancelled", "refunded"])
def test_cancel_refused(actor, invoice, status):
    in_status(invoice, status)
    with pytest.raises(InvalidTransition):
        lifecycle.cancel_invoice(actor, invoice.id, "again")


# --- refund ---------------------------------------------------------------------------------

def test_refund_defaults_to_everything_refundable(actor, invoice):
    in_status(invoice, "sent")
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": 2000})
        refund = lifecycle.refund_invoice(actor, invoice.id, {"reason": "Client left"})
    # The refund is credited too (DESIGN §11): what was owed before is still owed, so the
    # invoice stays open (it is refunded, closed, only once nothing is owed).
    assert refund.amount == D(2000) and invoice.amount_credited == D(2000)
    assert invoice.status == "partial" and invoice.amount_due == invoice.total - D(2000)
    with pytest.raises(InvalidTransition):
        lifecycle.refund_invoice(actor, invoice.id, {})


def test_refund_of_a_paid_invoice_closes_it(actor, invoice):
    in_status(invoice, "sent")
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": invoice.total})
        lifecycle.refund_invoice(actor, invoice.id, {"amount": 100})
    assert invoice.status == "refunded" and invoice.amount_due == 0 and invoice.amount_credited == D(100)


def test_payments_and_refunds_carry_the_invoice_company_and_currency(actor, make_invoice):
    invoice = in_status(make_invoice(due_date="2099-01-01", currency="EUR"), "sent")
    with transaction():
        payment = lifecycle.record_payment(actor, invoice.id, {"amount": 100})
        refund = lifecycle.refund_invoice(actor, invoice.id, {"amount": 40})
    for movement in (payment, refund):
        assert (movement.company_pk, movement.currency) == (actor.company.pk, "EUR")


def test_partial_refunds_add_up_to_at_most_what_was_paid(actor, invoice):
    in_status(invoice, "sent")
    with transaction():
        lifecycle.record_payment(actor, invoice.id, {"amount": 2000})
        lifecycle.refund_invoice(actor, invoice.id, {"amount": 1500, "reason": "Partial refund"})
    with pytest.raises(ValidationError):
        lifecycle.refund_invoice(actor, invoice.id, {"amount": "500.01"})
    with transaction():
        lifecycle.refund_invoice(actor, invoice.id, {"amount": 500})
    assert invoice.amount_refunded == D(2000)


@pytest.mark.parametrize("status", STATUSES)
def test_refund_refused_without_payments(actor, invoice, status):
    in_status(invoice, status)
    with pytest.raises(InvalidTransition):
        lifecycle.refund_invoice(actor, invoice.id, {})


# --- delete ---------------------------------------------------------------------------------

DELETABLE = ("draft", "cancelled", "refunded")


@pytest.mark.parametrize("status", DELETABLE)
def test_delete_allowed_hides_the_invoice(actor, invoice, status):
    in_status(invoice, status)
    with transaction():
        lifecycle.delete_invoice(actor, invoice.id)
    with pytest.raises(NotFound):
        invoices.get_invoice(actor, invoice.id)


@pytest.mark.parametrize("status", [s for s in STATUSES if s not in DELETABLE + ("paid",)])
def test_delete_of_an_issued_invoice_is_refused_until_it_is_cancelled(actor, invoice, status):
    """A sent invoice is kept (GoBD): it is cancelled first, and its credit note corrects it."""
    in_status(invoice, status)
    with pytest.raises(InvalidTransition) as error:
        lifecycle.delete_invoice(actor, invoice.id)
    assert error.value.message == (f"Cannot delete an invoice that is {status}; only draft, cancelled or refunded "
                                   "invoices can be deleted, so cancel it first (its credit note corrects it).")
    assert error.value.status == status and invoice.deleted_at is None


def test_delete_paid_refused_in_the_seeds_words(actor, invoice):
    in_status(invoice, "paid", paid=invoice.total)
    with pytest.raises(InvalidTransition) as error:
        lifecycle.delete_invoice(actor, invoice.id)
    assert error.value.message == "Invoices with status paid cannot be deleted. You must cancel them first."
    assert invoice.deleted_at is None


def test_delete_needs_admin(actor, invoice):
    member = Actor(company=actor.company, role="member", user=actor.user)
    with pytest.raises(Forbidden):
        lifecycle.delete_invoice(member, invoice.id)


def test_numbers_are_not_reused_after_delete(actor, make_invoice):
    first = make_invoice()
    with transaction():
        lifecycle.delete_invoice(actor, first.id)
    assert make_invoice().invoice_number == "INV-2025-000002"


# --- overdue --------------------------------------------------------------------------------

def test_mark_overdue_stores_status_for_past_due_open_invoices(actor, make_invoice):
    past = in_status(make_invoice(issue_date="2020-01-01", due_date="2020-02-01"), "partial", D(10))
    future = in_status(make_invoice(due_date="2099-01-01"), "sent")
    draft = make_invoice(issue_date="2020-01-01", due_date="2020-02-01")
    with transaction():
        assert lifecycle.mark_overdue(actor.company) == 1
    assert (past.status, future.status, draft.status) == ("overdue", "sent", "draft")
    assert actions_of(past)[-1] == "invoice.overdue"


def test_every_state_change_writes_activity(actor, invoice):
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, no_mail)
        lifecycle.record_payment(actor, invoice.id, {"amount": 10})
        lifecycle.cancel_invoice(actor, invoice.id, None)
        lifecycle.refund_invoice(actor, invoice.id, {})
    assert actions_of(invoice) == ["invoice.created", "invoice.sent", "invoice.payment_recorded",
                                   "invoice.cancelled", "invoice.credit_note_issued", "invoice.refunded",
                                   "invoice.credit_note_issued"]
