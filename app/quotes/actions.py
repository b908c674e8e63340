"""Quote actions: send, record an acceptance or a decline that came by other means, cancel,
convert into a draft invoice, delete, PDF. A refused transition is explained in a flash
message and nothing changes."""
from flask import Blueprint, url_for

from app.i18n import _, _l
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.quotes.forms import AcceptForm, DeclineForm
from app.quotes.states import actions_for
from app.rendering import mail
from app.rendering.pdf import quote_pdf
from app.web.document_actions import DocumentActions
from app.web.helpers import member_required

bp = Blueprint("quote_actions", __name__, url_prefix="/quotes")
ACTIONS = DocumentActions("quote", "quotes", quotes.get_quote, lambda quote: _("Quote %(number)s", number=quote.number))
ACTIONS.add_routes(bp, delete=quote_lifecycle.delete_quote, render=quote_pdf)
UNDECIDABLE = _l("This quote cannot be decided any more.")


@bp.post("/<quote_id>/send")
@member_required
def send(actor, quote_id):
    quote = quotes.get_quote(actor, quote_id)
    again = "send" not in actions_for(actor, quote)  # a sent quote is sent again
    return ACTIONS.button(quote, lambda: quote_lifecycle.send_quote(actor, quote.id, mail.deliver_quote),
                          refused_message=_("This quote cannot be sent."),
                          success=lambda sent: (_("Quote %(number)s sent again to %(email)s.", number=sent.number,
                                                  email=sent.customer.contact_email) if again else
                                                _("Quote %(number)s sent to %(email)s.", number=sent.number,
                                                  email=sent.customer.contact_email)))


@bp.post("/<quote_id>/convert")
@member_required
def convert(actor, quote_id):
    """Into a draft invoice, whose page comes next."""
    return ACTIONS.button_view(actor, quote_id, lambda quote: quote_lifecycle.convert_quote(actor, quote.id),
                               refused_message=_("This quote cannot be converted."),
                               success=lambda quote, invoice: _("Quote %(number)s converted into draft invoice "
                                                                "%(invoice)s.", number=quote.number,
                                                                invoice=invoice.invoice_number),
                               then=lambda invoice: url_for("invoices.show", invoice_id=invoice.id))


@bp.post("/<quote_id>/cancel")
@member_required
def cancel(actor, quote_id):
    return ACTIONS.button_view(actor, quote_id, lambda quote: quote_lifecycle.cancel_quote(actor, quote.id),
                               refused_message=_("This quote cannot be cancelled."),
                               success=lambda _quote, done: _("Quote %(number)s cancelled.", number=done.number))


def _decision(actor, quote_id: str, form_class: type, decide, field: str, *, page: str, said):
    """The page recording a decision that came by other means: ``decide`` the quote with the
    form's ``field`` (the service's field of that name); ``said(number)`` flashes it."""
    return ACTIONS.form_view(actor, quote_id, form_class,
                             lambda quote, form: decide(actor, quote.id, {field: form[field].data}),
                             template=f"quotes/{page}.html", refused_message=UNDECIDABLE,
                             success=lambda quote, _done: said(quote.number))


@bp.route("/<quote_id>/accept", methods=["GET", "POST"])
@member_required
def accept(actor, quote_id):
    """Record an acceptance that came by other means (mail, phone, signed paper)."""
    return _decision(actor, quote_id, AcceptForm, quote_lifecycle.accept_quote, "accepted_by",
                     page="accept", said=lambda number: _("Quote %(number)s marked accepted.", number=number))


@bp.route("/<quote_id>/decline", methods=["GET", "POST"])
@member_required
def decline(actor, quote_id):
    return _decision(actor, quote_id, DeclineForm, quote_lifecycle.decline_quote, "reason",
                     page="decline", said=lambda number: _("Quote %(number)s marked declined.", number=number))
