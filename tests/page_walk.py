"""Every page of the app, found in its url_map, in every state: empty, with data, with form
errors and saved. The HTML tests (tests/web/test_web_every_page.py) and the browser walk
(tests/browser/test_browser_every_page.py) both visit these.

A page is a GET route that answers HTML (not the API, static files, PDFs or XML). A route's
arguments are filled from the data that :func:`build_data` writes through the services: each
argument name lists the objects to try (an invoice id: a draft, a partly paid invoice with a
credit note, a paid and a cancelled one); a page that refuses an object (a redirect, a 409)
is not a state of that page. A new route with an argument no one fills fails the walk, and so
does a new form (a GET and POST route) missing from :data:`ERRORS` or :data:`CONFIRM_ONLY`."""
from __future__ import annotations

from dataclasses import dataclass

from app import limits
from app.credit_notes import service as credit_notes
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.recurring import service as recurring
from app.services import accounts, bank_accounts, customers, invitations, tax_rates, transaction
from app.services.tenancy import Actor
from app.webhooks import endpoints as webhook_endpoints

NOT_PAGES = ("static", "favicon")
NOT_PAGE_ENDINGS = ("/pdf", "/einvoice")
PASSWORD = "a long enough password"
OWNER_EMAIL, EMPTY_EMAIL = "walker@pages.example", "empty@pages.example"
BOGUS_TOKEN = "x" * 43
WEBHOOK_URL = "https://93.184.215.14/hooks"  # a public address, written as one: it needs no DNS


@dataclass(frozen=True)
class Form:
    """How to post a form: the values to set (by field name) and the submit button's text (when
    None, the first submit button of the form holding the first field, or of the page's form
    with a primary button)."""
    fields: dict
    button: str | None = None
    at: int = 0  # which object of the route's argument (see Data.ids): 1 is the partly paid invoice


ITEM_ERRORS = {"items-0-item_name": "Cake", "items-0-quantity": "many", "items-0-unit_price": "12,34,5"}
# A post of each form that answers with errors (at fields or in a flash).
ERRORS = {
    "auth.login": Form({"email": "", "password": ""}, "Log in"),
    "auth.register": Form({"email": "not an email", "password": "short"}, "Create account"),
    "customers.new": Form({"name": ""}),
    "customers.edit": Form({"name": ""}),
    "invoices.new": Form(ITEM_ERRORS),
    "invoices.edit": Form(ITEM_ERRORS),
    "quotes.new": Form(ITEM_ERRORS),
    "quotes.edit": Form(ITEM_ERRORS),
    "recurring.new": Form(ITEM_ERRORS),
    "recurring.edit": Form(ITEM_ERRORS),
    "invoice_actions.record_payment": Form({"amount": "0"}, "Record payment", at=1),
    "invoice_actions.refund": Form({"amount": "0"}, "Refund", at=2),
    "invoice_actions.cancel": Form({"reason": "x" * (limits.CANCELLATION_REASON + 1)}, "Cancel invoice", at=1),
    "credit_notes.new": Form({"amount": "99999999"}, "Issue credit note", at=1),
    "quote_actions.accept": Form({"accepted_by": ""}, at=1),
    "quote_actions.decline": Form({"reason": "x" * (limits.DECLINE_REASON + 1)}, at=1),
    "settings.index": Form({"name": "", "email": "not an email"}),
    "settings.developers": Form({"name": "x" * 101}, "Create API key"),
    "settings.members": Form({"email": "not an email"}),
    "profile.index": Form({"language": "klingon"}, "Save profile"),
    "reminders.settings": Form({"steps-0-days": "soon"}, "Save reminders"),
    "tax_rates.index": Form({"name": "", "percentage": "many"}),
    "tax_rates.edit": Form({"percentage": "many"}),
    "bank_accounts.index": Form({"label": "", "iban": "DE00 1234"}, "Add bank account"),
    "bank_accounts.edit": Form({"sort_code": "12-34"}),
    "memberships.new_company": Form({"name": ""}),
    "webhooks.index": Form({"url": "ftp://example.com/hooks"}, "Add endpoint"),
    "webhooks.endpoint": Form({"url": "http://127.0.0.1/hooks"}, "Save endpoint"),
    "exports.index": Form({"format": "csv", "from": "not a date"}, "Download"),
}
# Forms that only confirm an action: no input, so no error state.
CONFIRM_ONLY = ("customers.delete", "invoice_actions.delete", "quote_actions.delete", "memberships.leave",
                "bank_accounts.delete", "webhooks.rotate", "webhooks.delete")
# A post of a form that succeeds, leaving the page that says so (a flash); ``{w}`` in a value
# is the width walked, so each width saves something of its own.
SAVED = {
    "settings.index": Form({}),
    "reminders.settings": Form({}, "Save reminders"),
    "tax_rates.index": Form({"name": "Books {w}", "percentage": "7"}),
    "bank_accounts.index": Form({"label": "Savings {w}", "iban": "FR14 2004 1010 0505 0001 3M02 606"},
                                "Add bank account"),
    "settings.developers": Form({"name": "Sync {w}"}, "Create API key"),
    "profile.index": Form({"language": ""}, "Save profile"),
    "customers.new": Form({"name": "New customer {w}", "country": "US"}),
    "invoice_actions.record_payment": Form({"amount": "1"}, "Record payment", at=1),
    "exports.index": Form({"datev_consultant_number": "1001", "datev_client_number": "4711"}, "Save DATEV numbers"),
    "webhooks.endpoint": Form({"description": "Books sync {w}"}, "Save endpoint"),
    # Last: the endpoints it adds receive every event (a worker is not running: they stay queued).
    "webhooks.index": Form({"url": f"{WEBHOOK_URL}/{{w}}", "description": "Sync {w}"}, "Add endpoint"),
}


@dataclass
class Data:
    """Ids of what :func:`build_data` made, by the route argument that takes them."""
    ids: dict
    tokens: dict
    message: str | None = None


def _items(price: str = "1400") -> list[dict]:
    return [{"name": "Catering for the spring conference in the main hall", "quantity": 12, "unit_price": price},
            {"name": "Delivery", "description": "Van and driver, two trips", "quantity": 1, "unit_price": "45.5"}]


def build_data(deliver) -> Data:
    """The owner's company with one of everything (``deliver`` sends an invoice: the outbox in
    the browser walk), and an empty company of its own user."""
    with transaction():
        empty_user, empty_company = accounts.register(EMPTY_EMAIL, PASSWORD, "Empty Shelf Ltd")
        user, company = accounts.register(OWNER_EMAIL, PASSWORD, "Walker & Daughters Bakery")
    owner = Actor(company=company, role="admin", user=user)
    links = []  # the empty company invites the owner: the link's page, and the overview's list
    with transaction():
        invitations.invite(Actor(company=empty_company, role="admin", user=empty_user), OWNER_EMAIL, "member",
                           lambda invitation, token: links.append(token))
    with transaction():
        customer = customers.create_customer(owner, {
            "name": "Corner Café & Bakery Supplies Ltd", "country": "US", "email": "accounts@cornercafe.example",
            "city": "Portland", "address_line1": "1200 NW Marshall Street", "postal_code": "97209", "region": "OR"})
        rate = tax_rates.create_tax_rate(owner, {"name": "Reduced rate", "percentage": "7"})
        old_rate = tax_rates.create_tax_rate(owner, {"name": "Old standard rate", "percentage": "16"})
        tax_rates.archive_tax_rate(owner, old_rate.id)
        account = bank_accounts.create_bank_account(owner, {"label": "Business account", "currency": company.currency,
                                                            "account_number": "12345678", "routing_number": "011000015"})
        made = {name: invoices.create_invoice(owner, {
            "customer_id": customer.id, "issue_date": "2026-11-02", "due_date": "2026-12-02", "tax_rate": "8.5",
            "notes": "Thank you for your business.", "items": _items()}) for name in ("draft", "partial", "paid", "cancelled")}
        quote = quotes.create_quote(owner, {"customer_id": customer.id, "expiry_date": "2099-05-15",
                                            "terms": "Valid for 30 days.", "items": _items("900")})
        quote_draft = quotes.create_quote(owner, {"customer_id": customer.id, "items": _items("300")})
        schedule = recurring.create_recurring(owner, {"customer_id": customer.id, "interval": "month",
                                                      "start_date": "2099-01-31", "items": _items("250")})
        accounts.create_api_key(user, "Accounting sync")
        endpoint, _secret = webhook_endpoints.create_endpoint(owner, {
            "url": WEBHOOK_URL, "description": "Bookkeeping", "enabled_events": ["invoice.sent", "invoice.paid"]})
    with transaction():
        for name in ("partial", "paid", "cancelled"):
            lifecycle.send_invoice(owner, made[name].id, deliver)
        quote_lifecycle.send_quote(owner, quote.id, lambda *args: None)
    with transaction():
        lifecycle.record_payment(owner, made["partial"].id, {"amount": "100"})
        lifecycle.record_payment(owner, made["paid"].id, {"amount": made["paid"].total})
        lifecycle.cancel_invoice(owner, made["cancelled"].id, "Ordered twice")
    with transaction():
        note = credit_notes.create_credit_note(owner, {"invoice_id": made["partial"].id, "amount": "37",
                                                       "memo": "Two trays arrived damaged."})
    with transaction():
        _webhook_log(endpoint)
    message = _outbox_message(company.id)
    return Data(
        ids={"invoice_id": [made[name].id for name in ("draft", "partial", "paid", "cancelled")],
             "customer_id": [customer.id], "quote_id": [quote_draft.id, quote.id], "recurring_id": [schedule.id],
             "credit_note_id": [note.id], "tax_rate_id": [rate.id, old_rate.id], "bank_account_id": [account.id],
             "endpoint_id": [endpoint.id],
             "filename": [message] if message else [], "invitation_token": links},
        tokens={"public.show": [made[name].public_token for name in ("partial", "paid", "cancelled")],
                "public.quote": [quote.public_token], "public.credit_note": [note.public_token]},
        message=message)


def _webhook_log(endpoint) -> None:
    """Attempts of the endpoint's first delivery (no worker runs in the walk): one refused, then one
    that succeeded."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import WebhookAttempt, WebhookDelivery
    from app.models.base import utcnow

    delivery = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_pk == endpoint.pk)
                                  .order_by(WebhookDelivery.pk)).first()
    answers = ((502, "<html><body><h1>502 Bad Gateway</h1></body></html>"), (200, '{"received": true}'))
    for number, (status, body) in enumerate(answers, start=1):
        db.session.add(WebhookAttempt(company_pk=endpoint.company_pk, endpoint_pk=endpoint.pk, delivery_pk=delivery.pk,
                                      number=number, attempted_at=utcnow(), succeeded=status == 200, status_code=status,
                                      duration_ms=180 * number, response_start=body))
    delivery.status, delivery.attempts, delivery.next_attempt_at = "delivered", len(answers), None


def _outbox_message(company_id: str) -> str | None:
    from app.rendering import outbox

    found = outbox.messages(company_id=company_id, limit=1)
    return found[0].filename if found else None


def page_rules(app) -> list:
    """The GET routes that answer an HTML page."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.endpoint not in NOT_PAGES
                   and not rule.endpoint.startswith("api.") and not rule.rule.endswith(NOT_PAGE_ENDINGS)),
                  key=lambda rule: rule.rule)


def form_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in page_rules(app) if "POST" in rule.methods}


def unlisted_forms(app) -> set[str]:
    """Forms the walk would not post (a new form must say how it shows errors)."""
    return form_endpoints(app) - set(ERRORS) - set(CONFIRM_ONLY)


def pages(app, data: Data) -> list[tuple[str, str, str]]:
    """Every (endpoint, name, path) to visit: each route without arguments once, each route
    with arguments once per object its argument can take."""
    found = []
    with app.test_request_context():
        from flask import url_for

        for rule in page_rules(app):
            arguments = sorted(rule.arguments)
            if not arguments:
                found.append((rule.endpoint, rule.endpoint, url_for(rule.endpoint)))
                continue
            if len(arguments) != 1:
                raise AssertionError(f"{rule.rule}: the walk fills one argument per route")
            name = arguments[0]
            values = data.tokens.get(rule.endpoint) if name == "token" else data.ids.get(name)
            if values is None:
                raise AssertionError(f"{rule.rule}: the walk has nothing to fill <{name}> with (tests/page_walk.py)")
            for index, value in enumerate(values):
                found.append((rule.endpoint, f"{rule.endpoint}[{index}]", url_for(rule.endpoint, **{name: value})))
    return found


def public_endpoint(endpoint: str) -> bool:
    return endpoint.startswith("public.") or endpoint.startswith("auth.")


NOT_FOUND = (("not-found", "/no-such-page"), ("public-not-found", f"/i/{BOGUS_TOKEN}"))
