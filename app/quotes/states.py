"""A quote's states (DESIGN §12): the status it shows (expired needs no manual step, like an
invoice's overdue) and THE table of the actions each state allows, in the shape of
:mod:`app.invoices.states`. The services refuse from this table, the dashboard draws
its buttons from it and the public page asks it whether the client may still decide."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_

from app.models import QUOTE_STATUSES, Quote
from app.services.lifecycle_table import LifeCycle, Rule, every_status_but, listing, public_view_rule
from app.services.tenancy import Actor, today_for

EXPIRES_FROM = ("sent", "viewed")      # awaiting the client's decision
CLIENT_DECIDES = EXPIRES_FROM          # the public page's accept and decline
RECORDED_FROM = ("sent", "viewed", "expired")  # a decision that came by other means (members, API)
CONVERTS_FROM = ("accepted", "sent", "viewed", "expired")
CLOSED = ("cancelled", "invoiced")


def is_expired(quote: Quote, today: date) -> bool:
    return quote.status in EXPIRES_FROM and quote.expiry_date < today


def effective_status(quote: Quote, today: date) -> str:
    """The status to show: expired is computed from the expiry date (company timezone)."""
    return "expired" if is_expired(quote, today) else quote.status


def status_condition(status: str, today: date):
    """SQL twin of ``effective_status(quote, today) == status`` (the lists' filter)."""
    if status == "expired":
        return and_(Quote.status.in_(EXPIRES_FROM), Quote.expiry_date < today)
    if status in EXPIRES_FROM:
        return and_(Quote.status == status, Quote.expiry_date >= today)
    return Quote.status == status


QUOTE = LifeCycle("a quote", QUOTE_STATUSES, {
    # Notes and terms change in any status; everything else only in draft.
    "edit": Rule("edit", "", QUOTE_STATUSES),
    "edit_details": Rule("edit the details of", "only notes and terms can change after it leaves draft", ("draft",)),
    "send": Rule("send", "only drafts are sent; a sent quote can be sent again while the client decides",
                 ("draft",), result="sent"),
    "resend": Rule("send", f"only {listing(EXPIRES_FROM)} quotes are sent again", EXPIRES_FROM),
    "accept": Rule("record an acceptance of", f"acceptances are recorded on {listing(RECORDED_FROM)} quotes",
                   RECORDED_FROM, result="accepted"),
    "decline": Rule("record that the client declined", f"declines are recorded on {listing(RECORDED_FROM)} quotes",
                    RECORDED_FROM, result="declined"),
    "client_accept": Rule("accept", "this quote can no longer be accepted", CLIENT_DECIDES, role="public",
                          role_verb="accept on the client's behalf here", result="accepted"),
    "client_decline": Rule("decline", "this quote can no longer be declined", CLIENT_DECIDES, role="public",
                           role_verb="decline on the client's behalf here", result="declined"),
    "convert": Rule("convert", f"only {listing(CONVERTS_FROM)} quotes convert into an invoice", CONVERTS_FROM,
                    result="invoiced"),
    "cancel": Rule("cancel", "it is already closed", every_status_but(QUOTE_STATUSES, *CLOSED), result="cancelled"),
    "delete": Rule("delete", "a converted quote stays with its invoice", every_status_but(QUOTE_STATUSES, "invoiced"),
                   role="admin", role_verb="delete quotes"),
    "download_pdf": Rule("download", "", QUOTE_STATUSES),
    "view": public_view_rule(QUOTE_STATUSES),
}, effective_status)


def actions_for(actor: Actor, quote: Quote) -> frozenset[str]:
    """The actions ``actor`` may take on ``quote`` now (the dashboard's buttons)."""
    return QUOTE.allowed(quote, actor.role, today_for(actor.company))


def require(actor: Actor, quote: Quote, action: str) -> Rule:
    """The rule of ``action``; raises Forbidden or InvalidTransition when the table refuses."""
    return QUOTE.check(action, quote, actor.role, today_for(actor.company))

