"""Quote actions: send, record an acceptance or a decline that came by other means, cancel,
convert into a draft invoice, delete, PDF. A refused transition is explained in a flash
message and nothing changes."""
from flask import Blueprint, flash, redirect, render_template, url_for

from app.documents import mail
from app.services import quote_lifecycle, quotes, transaction
from app.services.errors import DeliveryFailed, Forbidden, InvalidTransition, ValidationError
from app.web.helpers import button_posted, failed, member_required, put_errors, refused
from app.web.quote_forms import AcceptForm, DeclineForm
from app.web.settings_forms import ConfirmForm

bp = Blueprint("quote_actions", __name__, url_prefix="/quotes")


def _back(quote):
    return redirect(url_for("quotes.show", quote_id=quote.id))


def _button(quote, run, *, refused_message: str, success):
    """A one-click action: on a valid post run it once and say what happened."""
    if not button_posted(ConfirmForm()):
        return _back(quote)
    try:
        with transaction():
            result = run()
    except (InvalidTransition, DeliveryFailed) as error:
        refused(error, refused_message)
    except ValidationError as error:
        flash(" ".join(error.errors.values()) + " Nothing was changed.", "error")
    else:
        flash(success(result), "success")
        if getattr(result, "invoice_number", None):  # converted: the new draft invoice
            return redirect(url_for("invoices.show", invoice_id=result.id))
    return _back(quote)


@bp.post("/<quote_id>/send")
@member_required
def send(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    again = quote.status != "draft"
    return _button(quote, lambda: quote_lifecycle.send_quote(actor, quote.id, mail.deliver_quote),
                   refused_message="This quote cannot be sent.",
                   success=lambda sent: f"Quote {sent.number} {'sent again' if again else 'sent'} to "
                                        f"{sent.customer.contact_email}.")


@bp.post("/<quote_id>/convert")
@member_required
def convert(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    return _button(quote, lambda: quote_lifecycle.convert_quote(actor, quote.id),
                   refused_message="This quote cannot be converted.",
                   success=lambda invoice: f"Quote {quote.number} converted into draft invoice {invoice.invoice_number}.")


@bp.post("/<quote_id>/cancel")
@member_required
def cancel(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    return _button(quote, lambda: quote_lifecycle.cancel_quote(actor, quote.id),
                   refused_message="This quote cannot be cancelled.", success=lambda done: f"Quote {done.number} cancelled.")


def _decision(actor, quote, form, run, *, template: str, success: str, aliases=None):
    if form.validate_on_submit():
        try:
            with transaction():
                run()
        except InvalidTransition as error:
            refused(error, "This quote cannot be decided any more.")
            return _back(quote)
        except ValidationError as error:
            put_errors(form, error, aliases=aliases)
        else:
            flash(success, "success")
            return _back(quote)
    return render_template(template, quote=quote, form=form), 400 if failed(form) else 200


@bp.route("/<quote_id>/accept", methods=["GET", "POST"])
@member_required
def accept(actor, quote_id):
    """Record an acceptance that came by other means (mail, phone, signed paper)."""
    quote = quotes.get_quote(actor, quote_id)
    form = AcceptForm()
    return _decision(actor, quote, form,
                     lambda: quote_lifecycle.accept_quote(actor, quote.id, {"accepted_by": form.accepted_by.data}),
                     template="quotes/accept.html", success=f"Quote {quote.number} marked accepted.")


@bp.route("/<quote_id>/decline", methods=["GET", "POST"])
@member_required
def decline(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    form = DeclineForm()
    return _decision(actor, quote, form,
                     lambda: quote_lifecycle.decline_quote(actor, quote.id, {"reason": form.reason.data}),
                     template="quotes/decline.html", success=f"Quote {quote.number} marked declined.")


@bp.route("/<quote_id>/delete", methods=["GET", "POST"])
@member_required
def delete(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            with transaction():
                quote_lifecycle.delete_quote(actor, quote.id)
        except (InvalidTransition, Forbidden) as error:
            refused(error, "This quote cannot be deleted.")
            return _back(quote)
        flash(f"Quote {quote.number} deleted.", "success")
        return redirect(url_for("quotes.index"))
    return render_template("quotes/delete.html", quote=quote, form=form)


@bp.get("/<quote_id>/pdf")
@member_required
def pdf(actor, quote_id):
    from app.documents.pdf import pdf_response, quote_pdf

    return pdf_response(quotes.get_quote(actor, quote_id), render=quote_pdf)
