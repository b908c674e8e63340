"""Invoice actions: send, review, record payment, cancel, refund, delete, PDF, e-invoice XML.

Actions that move money or delete show a confirmation page first (GET) and act on POST;
a refused transition is explained in a flash message and nothing changes."""
from flask import Blueprint, request

from app.i18n import _
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.invoices.forms import CancelForm, PaymentForm, RefundForm, ReviewForm
from app.invoices.states import actions_for, refundable
from app.presentation import fmt_money
from app.rendering import mail
from app.rendering.pdf import invoice_pdf
from app.services import einvoices
from app.services.errors import ProviderRefused, ValidationError
from app.web import numbers
from app.web.document_actions import DocumentActions
from app.web.helpers import member_required

bp = Blueprint("invoice_actions", __name__, url_prefix="/invoices")
ACTIONS = DocumentActions("invoice", "invoices", invoices.get_invoice,
                          lambda invoice: _("Invoice %(number)s", number=invoice.invoice_number))
ACTIONS.add_routes(bp, delete=lifecycle.delete_invoice, render=invoice_pdf)


def _money_page(actor, invoice_id: str, form_class: type, amount, move, *, said, **page):
    """A page moving money on the invoice (a payment, a refund): its form starts at
    ``amount(invoice)``; a valid post runs ``move(actor, id, data)`` and flashes the amount
    moved as the pages show amounts (``said(amount)``: "Payment of €930.48 recorded.")."""
    locale = actor.company.locale
    return ACTIONS.form_view(
        actor, invoice_id, form_class, lambda invoice, form: move(actor, invoice.id, form.service_data(locale)),
        data=lambda invoice: {"amount": numbers.show(amount(invoice), locale)},
        success=lambda _invoice, moved: said(fmt_money(moved.amount, moved.currency, locale)), **page)


@bp.post("/<invoice_id>/send")
@member_required
def send(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    reminder = "send" not in actions_for(actor, invoice)  # after draft, a send is a reminder

    def said(sent) -> str:
        to = sent.customer.contact_email
        return (_("Reminder sent to %(email)s.", email=to) if reminder
                else _("Invoice %(number)s sent to %(email)s.", number=sent.invoice_number, email=to))
    return ACTIONS.button(invoice, lambda: lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice),
                          refused_message=_("This invoice cannot be sent."), success=said,
                          nothing=_("Nothing was sent."))


@bp.post("/<invoice_id>/review")
@member_required
def review(actor, invoice_id):
    """Mark the invoice in review (``status=in_review``) or back to sent (``status=sent``)."""
    invoice = invoices.get_invoice(actor, invoice_id)
    form = ReviewForm()
    return ACTIONS.button(
        invoice, lambda: invoices.update_invoice(actor, invoice.id, {"status": form.status.data or ""}), form=form,
        refused_message=_("The status of this invoice cannot change."),
        success=lambda changed: _("Invoice marked in review.") if "end_review" in actions_for(actor, changed)
        else _("Review ended: the invoice is %(status)s again.", status=changed.status))


@bp.route("/<invoice_id>/payment", methods=["GET", "POST"])
@member_required
def record_payment(actor, invoice_id):
    return _money_page(actor, invoice_id, PaymentForm, lambda invoice: invoice.amount_due, lifecycle.record_payment,
                       said=lambda amount: _("Payment of %(amount)s recorded.", amount=amount), template="invoices/payment.html",
                       refused_message=_("No payment can be recorded on this invoice."))


@bp.route("/<invoice_id>/refund", methods=["GET", "POST"])
@member_required
def refund(actor, invoice_id):
    """The refund form: the payment to refund (a picker when several have something left; the
    most recent first) and the amount, at first what that payment has left. The most recent
    payment, when recorded by hand, is refunded as before payments were named: up to everything
    paid and not refunded. Stripe's refusal is said on the form, and nothing changes."""
    invoice, locale = ACTIONS.get(actor, invoice_id), actor.company.locale
    left = lifecycle.refund_choices(invoice)
    latest_by_hand = left[0][0] if left and left[0][0].provider is None else None
    first = min(left[0][1], refundable(invoice)) if left and latest_by_hand is None else refundable(invoice)
    form = RefundForm(data={"amount": numbers.show(first, locale), "payment_id": left[0][0].id if left else ""})
    form.set_payments(left, locale)

    def run():
        data = form.service_data(locale)
        if latest_by_hand is not None and data["payment_id"] == latest_by_hand.id:
            data["payment_id"] = ""  # the default: the service names it when the amount fits in it
        try:
            return lifecycle.refund_invoice(actor, invoice.id, data)
        except ProviderRefused as error:
            raise ValidationError(_("%(reason)s Nothing was refunded.", reason=error.message)) from None
    return ACTIONS.form_page(invoice, form, run, template="invoices/refund.html",
                             refused_message=_("This invoice cannot be refunded."),
                             success=lambda moved: _refunded(moved, locale))


def _refunded(refund, locale: str) -> str:
    amount = fmt_money(refund.amount, refund.currency, locale)
    if refund.provider_refund_id:
        return _("Refund of %(amount)s recorded and sent back through Stripe.", amount=amount)
    return _("Refund of %(amount)s recorded.", amount=amount)


@bp.route("/<invoice_id>/cancel", methods=["GET", "POST"])
@member_required
def cancel(actor, invoice_id):
    return ACTIONS.form_view(
        actor, invoice_id, CancelForm, lambda invoice, form: lifecycle.cancel_invoice(actor, invoice.id, form.reason.data or ""),
        template="invoices/cancel.html", refused_message=_("This invoice cannot be cancelled."),
        success=lambda invoice, _cancelled: _("Invoice %(number)s cancelled.", number=invoice.invoice_number),
        aliases={"cancellation_reason": "reason"})


@bp.get("/<invoice_id>/einvoice")
@member_required
def einvoice(actor, invoice_id):
    """The e-invoice XML (``?format=facturx|xrechnung|ubl``); a format the invoice is not
    ready for is a 409 page naming the gaps, an unknown one a 400."""
    from app.rendering.xml import xml_response

    invoice = invoices.get_invoice(actor, invoice_id)
    return xml_response(*einvoices.xml_of(invoice, request.args.get("format", "facturx")))
