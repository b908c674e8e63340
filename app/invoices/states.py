"""An invoice's states (DESIGN §5): the status it shows (overdue needs no manual step), what
it owes and what can be refunded, and THE table of the actions each state allows. The
services refuse from this table and the dashboard draws its buttons from it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from sqlalchemy import and_, or_

from app import money
from app.i18n import _l
from app.models import INVOICE_STATUSES, Invoice
from app.services.lifecycle_table import LifeCycle, Rule, every_status_but, listing, public_view_rule
from app.services.permissions import SYSTEM
from app.services.tenancy import Actor, today_for

AUTO_OVERDUE_FROM = ("sent", "viewed", "partial")
CLOSED = ("cancelled", "refunded")
PAYABLE = ("sent", "viewed", "overdue", "partial", "in_review")
TO_REVIEW_FROM = ("sent", "viewed", "overdue", "partial")
OWES_NOTHING = ("cancelled",)
REMINDABLE = ("sent", "viewed", "partial", "overdue")  # automatic reminders: in_review, drafts and closed ones are skipped
# Only what was never issued, or was closed by a credit note (DESIGN §5/§11), is deleted; a
# deleted invoice keeps its row, so its number stays in the record (Invoices → Deleted).
DELETABLE = ("draft", *CLOSED)


def is_overdue(invoice: Invoice, today: date) -> bool:
    return invoice.status == "overdue" or (
        invoice.status in AUTO_OVERDUE_FROM and invoice.due_date < today and invoice.amount_due > 0)


def effective_status(invoice: Invoice, today: date) -> str:
    """The status to show: overdue needs no manual step (DESIGN §5)."""
    return "overdue" if is_overdue(invoice, today) else invoice.status


def overdue_condition(today: date):
    """SQL twin of :func:`is_overdue`."""
    return or_(Invoice.status == "overdue",
               and_(Invoice.status.in_(AUTO_OVERDUE_FROM), Invoice.due_date < today, Invoice.amount_due > 0))


def refundable(invoice: Invoice) -> Decimal:
    """Money paid and not yet refunded."""
    return money.net_paid(invoice.amount_paid, invoice.amount_refunded)


def status_after_payment(amount_due: Decimal) -> str:
    """Where a payment leaves an invoice: paid once nothing is due, else partial (it also ends a review)."""
    return "paid" if amount_due == 0 else "partial"


def amount_due_of(invoice: Invoice | dict) -> Decimal:
    """What the invoice (or its column values) owes (DESIGN §5/§11): :func:`app.money.amount_due`
    of its figures; a cancelled invoice owes nothing."""
    figure = invoice.get if isinstance(invoice, dict) else partial(getattr, invoice)
    if figure("status") in OWES_NOTHING:
        return Decimal(0)
    return money.amount_due(figure("total"), credited=figure("amount_credited"), paid=figure("amount_paid"),
                            refunded=figure("amount_refunded"))


def settle(invoice: Invoice | dict) -> Decimal:
    """Store what the invoice owes now as its ``amount_due``; returns it. The one way the
    column is written: by the services after every change of money or of the totals, and on
    the column values of invoices written by a bulk insert (recurring invoices, the seed)."""
    due = amount_due_of(invoice)
    if isinstance(invoice, dict):
        invoice["amount_due"] = due
    else:
        invoice.amount_due = due
    return due


def amount_owed(invoice: Invoice) -> Decimal:
    """What the client owes, as every page and document shows it (the stored ``amount_due``;
    a cancelled invoice owes nothing)."""
    return Decimal(0) if invoice.status in OWES_NOTHING else invoice.amount_due


def status_after_refund(invoice: Invoice) -> str:
    """A refund comes with a credit note of the same amount, so it leaves ``amount_due`` as
    it was: an invoice that owes nothing is refunded (closed); one that still owes keeps its
    status, so it can still be paid or cancelled (DESIGN §5)."""
    return "refunded" if invoice.amount_due == 0 else invoice.status


def status_after_credit(invoice: Invoice) -> str:
    """A credit note that leaves nothing to pay on an invoice with money paid settles it."""
    if invoice.amount_due == 0 and invoice.status in PAYABLE and refundable(invoice) > 0:
        return "paid"
    return invoice.status


INVOICE = LifeCycle("an invoice", INVOICE_STATUSES, {
    # Notes, payment terms and online payment change in any status; everything else only in draft.
    "edit": Rule("edit", "", INVOICE_STATUSES),
    "edit_details": Rule("edit the details of", "only notes, payment_terms, online_payment and status can "
                         "change after it leaves draft", ("draft",)),
    "send": Rule("send", "only drafts are sent; later sends are reminders", ("draft",), result="sent"),
    "remind": Rule("send", f"{listing(CLOSED)} invoices cannot be sent",
                   every_status_but(INVOICE_STATUSES, "draft", *CLOSED)),
    "record_payment": Rule("record a payment on", f"payments are recorded on {listing(PAYABLE)} invoices",
                           PAYABLE, needs=lambda invoice: invoice.amount_due > 0,
                           result=lambda invoice: status_after_payment(invoice.amount_due)),
    "mark_in_review": Rule("mark in review", f"only {listing(TO_REVIEW_FROM)} invoices can go to 'in_review'",
                           TO_REVIEW_FROM, result="in_review"),
    "end_review": Rule("end the review of", "only in_review invoices go back to 'sent'", ("in_review",),
                       result=lambda invoice: "partial" if invoice.amount_paid > 0 else "sent"),
    "cancel": Rule("cancel", "it is already closed", every_status_but(INVOICE_STATUSES, *CLOSED),
                   result="cancelled"),
    "refund": Rule("refund", "only money that was paid and not yet refunded can be refunded", INVOICE_STATUSES,
                   needs=lambda invoice: refundable(invoice) > 0, result=status_after_refund),
    # An adjustment credit note (DESIGN §11): sent and not cancelled, and something still owed.
    "credit": Rule("issue a credit note for", "credit notes correct sent invoices that still owe money",
                   every_status_but(INVOICE_STATUSES, "draft", "cancelled"),
                   needs=lambda invoice: invoice.amount_due > 0, result=status_after_credit),
    "delete": Rule("delete", f"only {listing(DELETABLE)} invoices can be deleted, so cancel it first "
                   "(its credit note corrects it)", DELETABLE, role="admin", role_verb="delete invoices",
                   said={"paid": _l("Invoices with status paid cannot be deleted. You must cancel them first.")}),
    "download_pdf": Rule("download", "", INVOICE_STATUSES),
    "view": public_view_rule(INVOICE_STATUSES),
    # The scheduled reminders (app/services/reminders.py) of what is still awaited.
    "auto_remind": Rule("remind automatically", "only awaited invoices that owe money get automatic reminders",
                        REMINDABLE, needs=lambda invoice: invoice.amount_due > 0, role=SYSTEM,
                        role_verb="send automatic reminders"),
}, effective_status)

OPEN = INVOICE.statuses_for("record_payment")  # awaiting payment: the overview's "owed"


def actions_for(actor: Actor, invoice: Invoice) -> frozenset[str]:
    """The actions ``actor`` may take on ``invoice`` now (the dashboard's buttons)."""
    return INVOICE.allowed(invoice, actor.role, today_for(actor.company))


def require(actor: Actor, invoice: Invoice, action: str) -> Rule:
    """The rule of ``action``; raises Forbidden or InvalidTransition when the table refuses."""
    return INVOICE.check(action, invoice, actor.role, today_for(actor.company))
