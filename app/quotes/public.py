"""The quote as its client sees it, by its unguessable link /q/<token> (DESIGN §12): the
quote, its terms and PDF, and the client's decision: accept with a typed name, or decline
with an optional reason. The life-cycle table says whether the client may still decide
(not once expired or decided); each decision is recorded with the name, time and IP address.

A visitor's first view moves a sent quote to viewed; members previewing are never recorded
and do not decide here. Drafts, deleted quotes and unknown tokens are a 404 for visitors."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from app.extensions import db, limiter
from app.i18n import _, _l
from app.models import Quote
from app.public import rate_limits
from app.public.blueprint import bp
from app.public.documents import NOT_INDEXED, by_token, previewing, private, record_view
from app.quotes import lifecycle as quote_lifecycle
from app.quotes.context import quote_view
from app.quotes.states import QUOTE
from app.rendering.pdf import pdf_response, quote_pdf
from app.services import read_one_snapshot, transaction
from app.services.errors import InvalidTransition, ValidationError
from app.services.tenancy import today_for


class AcceptForm(FlaskForm):
    accepted_by = StringField(_l("Your full name"))


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"))


def _visible(token: str) -> tuple[Quote, bool]:
    quote = by_token(Quote, token)
    return quote, previewing(quote, viewable=QUOTE.permits("view", quote, today_for(quote.company)))


def _page(quote: Quote, token: str, preview: bool, status: int = 200, *, accept_form=None, decline_form=None,
          message: str | None = None):
    can_decide = not preview and QUOTE.permits("client_accept", quote, today_for(quote.company))
    return private(render_template(
        "quotes/public.html", preview=preview, token=token, pdf_url=url_for("public.quote_pdf_download", token=token),
        can_decide=can_decide, message=message,
        accept_form=accept_form or AcceptForm(formdata=None), decline_form=decline_form or DeclineForm(formdata=None),
        **quote_view(quote)), status)


@bp.get("/q/<token>")
def quote(token: str):
    found, preview = _visible(token)
    record_view(found, preview, quote_lifecycle.record_public_view)
    return _page(found, token, preview)


def _decide(token: str, decision: str):
    found, preview = _visible(token)
    accept_form, decline_form = AcceptForm(formdata=None), DeclineForm(formdata=None)
    form = AcceptForm() if decision == "accept" else DeclineForm()
    if decision == "accept":
        accept_form = form
    else:
        decline_form = form
    if preview:
        return _page(found, token, preview, 403, message=_("Members do not decide on the client's page: record a "
                                                               "decision that came by other means on the quote's "
                                                               "page in the dashboard."))
    if not form.validate_on_submit():
        return _page(found, token, preview, 400, accept_form=accept_form, decline_form=decline_form,
                     message=_("The form expired; please try again."))
    try:
        with transaction():
            quote_lifecycle.client_decides(found, decision, ip=request.remote_addr,
                                           name=form.data.get("accepted_by"), reason=form.data.get("reason"))
    except ValidationError as error:
        for field, text in error.errors.items():
            target = getattr(form, "reason" if field == "reason" else "accepted_by")
            target.errors = [*target.errors, text]
        return _page(found, token, preview, 400, accept_form=accept_form, decline_form=decline_form)
    except InvalidTransition as error:
        db.session.refresh(found)
        return _page(found, token, preview, 409, message=error.message)
    return redirect(url_for("public.quote", token=token), 303)


@bp.post("/q/<token>/accept")
@limiter.limit(rate_limits.decision_limit, key_func=rate_limits.token_key, exempt_when=rate_limits.is_miss,
               override_defaults=False)  # the blueprint's limits apply as well
def quote_accept(token: str):
    return _decide(token, "accept")


@bp.post("/q/<token>/decline")
@limiter.limit(rate_limits.decision_limit, key_func=rate_limits.token_key, exempt_when=rate_limits.is_miss,
               override_defaults=False)  # the blueprint's limits apply as well
def quote_decline(token: str):
    return _decide(token, "decline")


@bp.get("/q/<token>/pdf")
def quote_pdf_download(token: str):
    read_one_snapshot()
    found, _preview = _visible(token)
    response = pdf_response(found, render=quote_pdf)
    response.headers.update(NOT_INDEXED)
    return response
