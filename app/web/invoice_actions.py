"""Invoice actions: send, review, record payment, cancel, refund, delete, PDF, e-invoice XML.

Actions that move money or delete show a confirmation page first (GET) and act on POST;
a refused transition is explained in a flash message and nothing changes."""
from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.documents import mail
from app.presentation import fmt_money
from app.services import einvoices, invoices, lifecycle, transaction
from app.services.errors import DeliveryFailed, Forbidden, InvalidTransition, ValidationError
from app.services.invoice_states import refundable
from app.web import numbers
from app.web.helpers import button_posted, failed, member_required, put_errors, refused
from app.web.invoice_forms import CancelForm, PaymentForm, RefundForm, ReviewForm
from app.web.settings_forms import ConfirmForm

bp = Blueprint("invoice_actions", __name__, url_prefix="/invoices")


def _back(invoice):
    return redirect(url_for("invoices.show", invoice_id=invoice.id))


def _amount(actor, movement) -> str:
    """A payment's or refund's amount as the pages show amounts ("€930.48")."""
    return fmt_money(movement.amount, movement.currency, actor.company.locale)


@bp.post("/<invoice_id>/send")
@member_required
def send(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    if not button_posted(ConfirmForm()):
        return _back(invoice)
    reminder = invoice.status != "draft"
    try:
        with transaction():
            sent = lifecycle.send_invoice(actor, invoice.id, deliver=mail.deliver_invoice)
    except (InvalidTransition, DeliveryFailed) as error:
        refused(error, "This invoice cannot be sent.")
    except ValidationError as error:
        flash(" ".join(error.errors.values()) + " Nothing was sent.", "error")
    else:
        to = sent.customer.contact_email
        flash(f"Reminder sent to {to}." if reminder else f"Invoice {sent.invoice_number} sent to {to}.", "success")
    return _back(invoice)


@bp.post("/<invoice_id>/review")
@member_required
def review(actor, invoice_id):
    """Mark the invoice in review (``status=in_review``) or back to sent (``status=sent``)."""
    invoice = invoices.get_invoice(actor, invoice_id)
    form = ReviewForm()
    if not button_posted(form):
        return _back(invoice)
    try:
        with transaction():
            invoices.update_invoice(actor, invoice.id, {"status": form.status.data or ""})
    except InvalidTransition as error:
        refused(error, "The status of this invoice cannot change.")
    else:
        flash("Invoice marked in review." if invoice.status == "in_review"
              else f"Review ended: the invoice is {invoice.status} again.", "success")
    return _back(invoice)


def _form_action(invoice, form, run, *, template: str, refused_message: str, success, aliases=None):
    """The shape of the payment, refund and cancel pages: on a valid post run the service
    action once, flash its outcome and go back; else show the form with each error beside
    its field."""
    if form.validate_on_submit():
        try:
            with transaction():
                result = run()
        except InvalidTransition as error:
            refused(error, refused_message)
            return _back(invoice)
        except ValidationError as error:
            put_errors(form, error, aliases=aliases)
        else:
            flash(success(result), "success")
            return _back(invoice)
    return render_template(template, invoice=invoice, form=form), 400 if failed(form) else 200


@bp.route("/<invoice_id>/payment", methods=["GET", "POST"])
@member_required
def record_payment(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    locale = actor.company.locale
    form = PaymentForm(data={"amount": numbers.show(invoice.amount_due, locale)})
    return _form_action(
        invoice, form, lambda: lifecycle.record_payment(actor, invoice.id, form.service_data(locale)),
        template="invoices/payment.html", refused_message="No payment can be recorded on this invoice.",
        success=lambda payment: f"Payment of {_amount(actor, payment)} recorded.")


@bp.route("/<invoice_id>/refund", methods=["GET", "POST"])
@member_required
def refund(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    locale = actor.company.locale
    form = RefundForm(data={"amount": numbers.show(refundable(invoice), locale)})
    return _form_action(
        invoice, form, lambda: lifecycle.refund_invoice(actor, invoice.id, form.service_data(locale)),
        template="invoices/refund.html", refused_message="This invoice cannot be refunded.",
        success=lambda done: f"Refund of {_amount(actor, done)} recorded.")


@bp.route("/<invoice_id>/cancel", methods=["GET", "POST"])
@member_required
def cancel(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    form = CancelForm()
    return _form_action(
        invoice, form, lambda: lifecycle.cancel_invoice(actor, invoice.id, form.reason.data or ""),
        template="invoices/cancel.html", refused_message="This invoice cannot be cancelled.",
        success=lambda _: f"Invoice {invoice.invoice_number} cancelled.",
        aliases={"cancellation_reason": "reason"})


@bp.route("/<invoice_id>/delete", methods=["GET", "POST"])
@member_required
def delete(actor, invoice_id):
    invoice = invoices.get_invoice(actor, invoice_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                lifecycle.delete_invoice(actor, invoice.id)
        except (InvalidTransition, Forbidden) as error:
            refused(error, "This invoice cannot be deleted.")
            return _back(invoice)
        flash(f"Invoice {invoice.invoice_number} deleted.", "success")
        return redirect(url_for("invoices.index"))
    return render_template("invoices/delete.html", invoice=invoice, form=form)


@bp.get("/<invoice_id>/pdf")
@member_required
def pdf(actor, invoice_id):
    from app.documents.pdf import pdf_response  # the documents package renders it

    return pdf_response(invoices.get_invoice(actor, invoice_id))


@bp.get("/<invoice_id>/einvoice")
@member_required
def einvoice(actor, invoice_id):
    """The e-invoice XML (``?format=facturx|xrechnung|ubl``); a format the invoice is not
    ready for is a 409 page naming the gaps, an unknown one a 400."""
    from app.documents.xml import xml_response

    invoice = invoices.get_invoice(actor, invoice_id)
    return xml_response(*einvoices.xml_of(invoice, request.args.get("format", "facturx")))
