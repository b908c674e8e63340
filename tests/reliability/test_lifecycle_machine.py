"""A stateful property test of the invoice life cycle through the services (hypothesis
RuleBasedStateMachine): random sequences of send, public view, payment, cancel, refund,
status changes, edits and delete. A small model of DESIGN §5 predicts whether each action
is allowed; the services must agree, and after every step the stored invoice keeps
amount_due = total − amount_credited − (amount_paid − amount_refunded) ≥ 0 (0 when cancelled),
refunds ≤ payments, sums equal to its payment, refund and credit note rows, and a status
consistent with its amounts."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import func, select

from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import CreditNote, Invoice, Payment, Refund
from app.services import transaction
from app.services.errors import NotFound, ServiceError

PAYABLE = ("sent", "viewed", "overdue", "partial", "in_review")
CLOSED = ("cancelled", "refunded")
TO_REVIEW_FROM = ("sent", "viewed", "overdue", "partial")
PRICES = st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=2)
AMOUNTS = st.sampled_from(["all", "half", "cent", "over", "zero", "third"])
STATS = {"runs": 0, "steps": 0, "accepted": 0, "refused": 0}


def _no_mail(invoice, reminder):
    return None


def test_invoice_life_cycle_machine(actor, make_customer, figure):
    customer = make_customer(actor)

    class LifeCycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            STATS["runs"] += 1
            with transaction():
                invoice = invoices.create_invoice(actor, {
                    "customer_id": customer.id, "issue_date": "2025-03-01", "due_date": "2099-01-01",
                    "items": [{"name": "Work", "quantity": 1, "unit_price": "120.50"}]})
            self.id, self.taken = invoice.id, 0
            self.status, self.total, self.deleted = "draft", Decimal("120.50"), False
            self.paid, self.refunded, self.credited = Decimal(0), Decimal(0), Decimal(0)

        # --- the model ---------------------------------------------------------------------
        @property
        def due(self):
            """DESIGN §5/§11: a refund is credited, a cancelled invoice owes nothing."""
            if self.status == "cancelled":
                return Decimal(0)
            return self.total - self.credited - (self.paid - self.refunded)

        def amount(self, choice: str, limit: Decimal) -> Decimal:
            return {"all": limit, "half": (limit / 2).quantize(Decimal("0.01")), "cent": Decimal("0.01"),
                    "over": limit + Decimal("0.01"), "zero": Decimal(0),
                    "third": (limit / 3).quantize(Decimal("0.01"))}[choice]

        def attempt(self, allowed: bool, action) -> bool:
            STATS["steps"] += 1
            self.taken += 1
            try:
                with transaction():
                    action()
            except ServiceError as error:
                STATS["refused"] += 1
                assert not allowed, f"refused but allowed by DESIGN §5: {error.message}"
                return False
            STATS["accepted"] += 1
            assert allowed, f"accepted although DESIGN §5 refuses it (status {self.status})"
            return True

        # --- the rules ---------------------------------------------------------------------
        @rule()
        def send(self):
            allowed = not self.deleted and self.status not in CLOSED
            if self.attempt(allowed, lambda: lifecycle.send_invoice(actor, self.id, _no_mail)) and self.status == "draft":
                self.status = "sent"

        @rule()
        def public_view(self):
            if self.deleted:
                return
            invoice = db.session.scalars(select(Invoice).where(Invoice.id == self.id)).one()
            self.attempt(True, lambda: lifecycle.record_public_view(invoice))
            if self.status == "sent":
                self.status = "viewed"

        @rule(choice=AMOUNTS)
        def pay(self, choice):
            amount = self.amount(choice, self.due)
            allowed = not self.deleted and self.status in PAYABLE and 0 < amount <= self.due
            if self.attempt(allowed, lambda: lifecycle.record_payment(actor, self.id, {"amount": str(amount)})):
                self.paid += amount
                self.status = "paid" if self.due == 0 else "partial"  # a payment ends a review

        @rule()
        def cancel(self):
            allowed = not self.deleted and self.status not in CLOSED
            if self.attempt(allowed, lambda: lifecycle.cancel_invoice(actor, self.id, "model")):
                if self.status != "draft":  # a sent invoice is cancelled by a credit note for what it owed
                    self.credited += self.due
                self.status = "cancelled"

        @rule(choice=st.one_of(st.none(), AMOUNTS))
        def refund(self, choice):
            refundable = self.paid - self.refunded
            amount = refundable if choice is None else self.amount(choice, refundable)
            data = {} if choice is None else {"amount": str(amount)}
            allowed = not self.deleted and refundable > 0 and 0 < amount <= refundable
            if self.attempt(allowed, lambda: lifecycle.refund_invoice(actor, self.id, data)):
                self.refunded += amount
                self.credited += amount  # its credit note leaves what is owed as it was
                self.status = "refunded" if self.due == 0 else self.status

        @rule()
        def to_review(self):
            allowed = not self.deleted and (self.status in TO_REVIEW_FROM or self.status == "in_review")
            if self.attempt(allowed, lambda: invoices.update_invoice(actor, self.id, {"status": "in_review"})):
                self.status = "in_review"

        @rule()
        def back_to_sent(self):
            allowed = not self.deleted and self.status in ("in_review", "sent")
            if self.attempt(allowed, lambda: invoices.update_invoice(actor, self.id, {"status": "sent"})):
                if self.status == "in_review":
                    self.status = "partial" if self.paid > 0 else "sent"

        @rule(price=PRICES)
        def edit_items(self, price):
            allowed = not self.deleted and self.status == "draft"
            items = [{"name": "Work", "quantity": 1, "unit_price": str(price)}]
            if self.attempt(allowed, lambda: invoices.update_invoice(actor, self.id, {"items": items})):
                self.total = price

        @rule()
        def edit_notes(self):
            self.attempt(not self.deleted, lambda: invoices.update_invoice(actor, self.id, {"notes": "model"}))

        @precondition(lambda self: self.taken >= 15)  # late, so that histories run long before it
        @rule()
        def delete(self):
            allowed = not self.deleted and self.status in ("draft", *CLOSED)  # a sent one is cancelled first
            if self.attempt(allowed, lambda: lifecycle.delete_invoice(actor, self.id)):
                self.deleted = True

        # --- what must always hold ---------------------------------------------------------
        @invariant()
        def stored_invoice_is_consistent(self):
            db.session.expire_all()
            invoice = db.session.scalars(select(Invoice).where(Invoice.id == self.id)).one()
            payments = db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0))
                                         .where(Payment.invoice_pk == invoice.pk))
            refunds = db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0)).where(Refund.invoice_pk == invoice.pk))
            credited = db.session.scalar(select(func.coalesce(func.sum(CreditNote.total), 0))
                                         .where(CreditNote.invoice_pk == invoice.pk))
            owed = invoice.total - invoice.amount_credited - (invoice.amount_paid - invoice.amount_refunded)
            assert invoice.amount_due == (0 if invoice.status == "cancelled" else owed) and owed >= 0
            assert invoice.amount_credited == Decimal(credited) == self.credited <= invoice.total
            assert invoice.amount_paid == Decimal(payments) and invoice.amount_refunded == Decimal(refunds)
            assert 0 <= invoice.amount_refunded <= invoice.amount_paid
            status = invoice.status
            if status in ("draft", "sent", "viewed"):
                assert invoice.amount_paid == 0
            if status == "partial":
                assert 0 < invoice.amount_paid < invoice.total
            if status == "paid":
                assert invoice.amount_due == 0 and invoice.amount_paid == invoice.total > 0
            if status == "refunded":
                assert invoice.amount_refunded > 0
            if status == "in_review":
                assert invoice.amount_due > 0
            assert (status, invoice.total, invoice.amount_paid, invoice.amount_refunded) == \
                (self.status, self.total, self.paid, self.refunded)
            assert (invoice.deleted_at is not None) == self.deleted
            if self.deleted:
                try:
                    invoices.get_invoice(actor, self.id)
                except NotFound:
                    pass
                else:
                    raise AssertionError("a deleted invoice is still found")
            db.session.rollback()

    run_state_machine_as_test(LifeCycle, settings=settings(
        max_examples=40, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    figure("life-cycle-machine", f"{STATS['runs']} random invoice histories, {STATS['steps']} actions "
                                 f"({STATS['accepted']} accepted, {STATS['refused']} refused, each as DESIGN §5 "
                                 f"predicts): 0 broken invariants")
    assert STATS["accepted"] and STATS["refused"]
