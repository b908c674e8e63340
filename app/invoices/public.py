"""The invoice as its client sees it, by its unguessable link; no login.

A visitor's view is recorded (the first one moves a sent invoice to viewed); a logged-in
member of the invoice's company is previewing and is never recorded. Drafts have not been
sent, so their link is a 404 for visitors while members may preview them. Deleted invoices
and unknown tokens are a 404 as well.

When the company is connected to Stripe the client pays here (DESIGN §16): "Pay" posts to
``/i/<token>/pay``, which answers 303 to a Stripe Checkout Session
(app/online_payments/checkout.py); Stripe sends the client back to the page with
``?payment=success&session_id=…``, and the page records that session's payment if the
webhook has not yet (and says "Payment received" only once it is recorded)."""
from __future__ import annotations

import re

from flask import current_app, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from app import links
from app.extensions import db, limiter
from app.i18n import _, _l
from app.invoices import lifecycle
from app.invoices.states import INVOICE
from app.models import Invoice
from app.online_payments import checkout
from app.public import rate_limits
from app.public.blueprint import bp
from app.public.documents import NOT_INDEXED, by_token, previewing, private, record_view
from app.rendering.context import invoice_view
from app.rendering.pdf import pdf_response
from app.security import CSP
from app.services import read_one_snapshot, transaction
from app.services.errors import ProviderRefused, ServiceError
from app.services.tenancy import today_for

# Where the Pay form's redirect lands: Stripe's hosted page (a browser applies the page's
# form-action to the redirect that follows a post), or the Stripe API's own host in tests.
STRIPE_CHECKOUT = "https://checkout.stripe.com"
SUCCESS_QUERY = "?payment=success&session_id={CHECKOUT_SESSION_ID}"  # Stripe fills in the braces
UNAVAILABLE = _l("Online payment is not available right now. Please try again in a few minutes, or pay by "
                 "the means shown on this page.")
NOT_PAYABLE = _l("This invoice cannot be paid online now: there is nothing to pay here.")
STRIPE_KEY = re.compile(r"\b[sr]k_(?:test|live)_\S+")  # even Stripe's masked form stays out of the log
# What the page says at the top after the client's return from Stripe (kind, title, text).
RETURNS = {
    checkout.RECEIVED: ("accepted", _l("Payment received"), _l("Thank you: your payment is recorded.")),
    checkout.PROCESSING: ("cancelled", _l("Payment processing"), _l("Your bank debit is on its way; this page will "
                                                                    "show the payment once your bank has made it.")),
    "confirming": ("cancelled", _l("Payment being confirmed"), _l("We are confirming your payment with Stripe; "
                                                                  "reload this page in a moment to see it.")),
}


class PayForm(FlaskForm):
    """The Pay button: nothing but its CSRF token."""


def _visible(token: str) -> tuple[Invoice, bool]:
    invoice = by_token(Invoice, token)
    return invoice, previewing(invoice, viewable=INVOICE.permits("view", invoice, today_for(invoice.company)))


def _csp() -> str:
    api = current_app.config["STRIPE_API_BASE"]
    return CSP.replace("form-action 'self'", f"form-action 'self' {STRIPE_CHECKOUT} {api}")


def _page(invoice: Invoice, token: str, preview: bool, status: int = 200, *, message: str | None = None,
          returned: str | None = None):
    can_pay = checkout.can_pay(invoice)
    if returned is None and checkout.pending(invoice) is not None:
        returned = checkout.PROCESSING
    return private(render_template(
        "invoices/public.html", preview=preview, token=token, pdf_url=url_for("public.pdf", token=token),
        can_pay=can_pay, pay_form=PayForm(formdata=None), message=message, returned=RETURNS.get(returned),
        **invoice_view(invoice)), status, more={"Content-Security-Policy": _csp()} if can_pay else None)


def _log(text: str, invoice: Invoice, error: ServiceError) -> None:
    current_app.logger.error(text, invoice.id, STRIPE_KEY.sub("[key]", error.message))


def _settle_return(invoice: Invoice) -> str | None:
    """What the client's return from Stripe says (None: nothing special)."""
    if request.method != "GET" or request.args.get("payment") != "success":
        return None
    try:
        with transaction():
            return checkout.settle_return(invoice, request.args.get("session_id"))
    except ServiceError as error:  # Stripe unreachable or refusing: the webhook or the tick records it
        _log("Return from Stripe for invoice %s not confirmed: %s", invoice, error)
        return "confirming"


@bp.get("/i/<token>")
def show(token: str):
    invoice, preview = _visible(token)
    record_view(invoice, preview, lifecycle.record_public_view)
    returned = None if preview else _settle_return(invoice)
    return _page(invoice, token, preview, returned=returned)


@bp.post("/i/<token>/pay")
@limiter.limit(rate_limits.decision_limit, key_func=rate_limits.token_key, exempt_when=rate_limits.is_miss,
               override_defaults=False)  # the blueprint's limits apply as well
def pay(token: str):
    invoice, preview = _visible(token)
    if preview:
        return _page(invoice, token, preview, 403, message=_("Members do not pay on the client's page: record a "
                                                               "payment that came by other means on the invoice's "
                                                               "page in the dashboard."))
    if not PayForm().validate_on_submit():
        return _page(invoice, token, preview, 400, message=_("The form expired; please try again."))
    page_url = links.public_invoice_url(token)
    try:
        with transaction():
            url = checkout.open_checkout(invoice, page_url, page_url + SUCCESS_QUERY)
    except ProviderRefused as error:
        _log("Stripe Checkout Session for invoice %s not opened: %s", invoice, error)
        return _page(invoice, token, preview, 502, message=UNAVAILABLE)
    if url is None:  # paid meanwhile, online payment switched off, or no longer connected
        db.session.refresh(invoice)
        return _page(invoice, token, preview, 409, message=NOT_PAYABLE)
    return redirect(url, 303)


@bp.get("/i/<token>/pdf")
def pdf(token: str):
    read_one_snapshot()  # a draft's items and totals (a member's preview) are read together
    invoice, _preview = _visible(token)
    response = pdf_response(invoice)
    response.headers.update(NOT_INDEXED)
    return response
