"""The dashboard's Quotes section and the client's page /q/<token>: the editor shared with
invoices, the buttons the life-cycle table allows, recorded decisions, conversion, the
timeline and the customer's page."""
import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.models import Activity, Invoice, Quote
from app.quotes import lifecycle as quote_lifecycle
from app.services import transaction
from app.services.tenancy import today_for
from tests.support.fakes import Deliveries
from tests.support.forms import quote_editor_data
from tests.support.html import badges, field_error, flashes, input_value, text_of


def action_buttons(html: str) -> set[str]:
    bar = html[html.index('aria-label="Quote actions"'):]
    bar = bar[:bar.index("</div>")]
    return set(re.findall(r'/quotes/quo_\w+/(\w+)"', bar)) | ({"edit"} if "/edit\"" in bar else set())


def test_nav_list_and_empty_state(client, owner):
    html = text_of(client.get("/quotes"))
    assert 'href="/quotes"' in html and "No quotes yet" in html and 'href="/quotes/new"' in html


def test_create_with_the_shared_editor_then_edit_terms_only_after_sending(client, owner, make_customer, db):
    customer = make_customer(name="Wayne Enterprises")
    data = quote_editor_data(customer.id, {"item_name": "Design", "quantity": "3", "unit": "hour", "unit_price": "120.50"},
                       {"item_name": "Hosting", "unit_price": "20"}, tax_rate="10", terms="Half on acceptance")
    response = client.post("/quotes/new", data=data)
    assert response.status_code == 302, text_of(response)
    quote = db.session.scalars(select(Quote)).one()
    assert (quote.number, quote.total, quote.terms) == ("QT-2026-000001", Decimal("419.65"), "Half on acceptance")
    assert quote.expiry_date == quote.issue_date + timedelta(days=30)
    html = text_of(client.get(response.location))
    assert "$419.65" in html and badges(html)[0] == "draft" and "Half on acceptance" in html
    assert action_buttons(html) == {"send", "cancel", "pdf", "edit", "delete"}  # an admin
    # A row button works without script; a bad price is an error beside its row.
    response = client.post(f"/quotes/{quote.id}/edit", data=quote_editor_data(customer.id, {"item_name": "X"}, row_action="add"))
    assert response.status_code == 200 and input_value(text_of(response), "items-1-item_name") == ""
    response = client.post(f"/quotes/{quote.id}/edit",
                           data=quote_editor_data(customer.id, {"item_name": "X", "unit_price": "abc"}))
    assert response.status_code == 400 and field_error(text_of(response), "items-0-unit_price")
    with transaction():
        quote_lifecycle.send_quote(owner, quote.id, Deliveries())
    html = text_of(client.get(f"/quotes/{quote.id}/edit"))
    assert "its customer, dates and items are fixed" in html and 'name="items-0-item_name"' not in html
    response = client.post(f"/quotes/{quote.id}/edit", data={"terms": "New terms", "notes": "n"})
    assert response.status_code == 302 and quote.terms == "New terms"


def test_preview_endpoint_gives_live_totals(client, owner, make_customer):
    customer = make_customer()
    response = client.post("/quotes/preview", data=quote_editor_data(customer.id, {"item_name": "A", "quantity": "2",
                                                                           "unit_price": "10"}, tax_rate="10"))
    body = response.get_json()
    assert response.status_code == 200 and "$22.00" in body["totals_html"] and body["lines"] == {"0": "$20.00"}


def test_buttons_follow_the_table_in_every_status(client, owner, make_quote):
    sent = make_quote(status="sent")
    assert action_buttons(text_of(client.get(f"/quotes/{sent.id}"))) == {
        "send", "convert", "accept", "decline", "edit", "pdf", "cancel", "delete"}
    accepted = make_quote(status="accepted")
    html = text_of(client.get(f"/quotes/{accepted.id}"))
    assert action_buttons(html) == {"convert", "edit", "pdf", "cancel", "delete"} and badges(html)[0] == "accepted"
    expired = make_quote(status="sent", expiry_date="2025-04-16")
    html = text_of(client.get(f"/quotes/{expired.id}"))
    assert badges(html)[0] == "expired" and {"convert", "accept", "decline"} <= action_buttons(html)
    assert "send" not in action_buttons(html)


def test_record_acceptance_then_convert_to_a_draft_invoice(client, owner, make_quote, db):
    quote = make_quote(status="sent")
    response = client.post(f"/quotes/{quote.id}/accept", data={"accepted_by": ""})
    assert response.status_code == 400 and field_error(text_of(response), "accepted_by")
    response = client.post(f"/quotes/{quote.id}/accept", data={"accepted_by": "Jane, by phone"}, follow_redirects=True)
    assert "marked accepted" in " ".join(flashes(text_of(response))) and quote.accepted_by == "Jane, by phone"
    response = client.post(f"/quotes/{quote.id}/convert")
    invoice = db.session.scalars(select(Invoice)).one()
    assert response.status_code == 302 and response.location.endswith(f"/invoices/{invoice.id}")
    assert invoice.status == "draft" and invoice.quote is quote and quote.status == "invoiced"
    html = text_of(client.get(f"/quotes/{quote.id}", follow_redirects=True))
    assert invoice.invoice_number in html and "Converted into invoice" in html and "Accepted by Jane, by phone" in html
    assert f'from quote <a href="/quotes/{quote.id}">{quote.number}</a>' in text_of(client.get(f"/invoices/{invoice.id}"))
    response = client.post(f"/quotes/{quote.id}/convert", follow_redirects=True)
    assert invoice.invoice_number in " ".join(flashes(text_of(response)))
    assert db.session.scalars(select(Invoice)).all() == [invoice]


def test_decline_and_cancel_from_the_dashboard(client, owner, make_quote):
    quote = make_quote(status="viewed")
    client.post(f"/quotes/{quote.id}/decline", data={"reason": "Budget cut"})
    assert quote.status == "declined" and quote.decline_reason == "Budget cut"
    other = make_quote()
    client.post(f"/quotes/{other.id}/cancel")
    assert other.status == "cancelled"
    response = client.post(f"/quotes/{other.id}/cancel", follow_redirects=True)
    assert "Nothing was changed" in " ".join(flashes(text_of(response)))


def test_list_filters_and_the_customers_page(client, owner, make_quote, make_customer):
    mine = make_customer(name="Filter Co")
    draft, sent = make_quote(customer=mine), make_quote(status="sent")
    html = text_of(client.get("/quotes?status=sent"))
    assert sent.number in html and draft.number not in html
    html = text_of(client.get(f"/quotes?customer={mine.id}"))
    assert draft.number in html and sent.number not in html
    assert sent.number in text_of(client.get("/quotes?customer=cus_nosuchcustomer"))
    html = text_of(client.get(f"/customers/{mine.id}"))
    assert draft.number in html and f"/quotes/new?customer={mine.id}" in html


def test_settings_takes_the_quote_prefix(client, owner):
    form = {"name": "Acme", "legal_name": "", "address": "", "vat_id": "", "email": "", "invoice_prefix": "INV",
            "quote_prefix": "of", "currency": "USD", "timezone": "UTC", "locale": "en_US", "country": ""}
    assert client.post("/settings", data=form).status_code == 302 and owner.company.quote_prefix == "OF"
    response = client.post("/settings", data=dict(form, quote_prefix="O F"))
    assert field_error(text_of(response), "quote_prefix") == "Use letters, digits, '-' or '_' only."


# --- the client's page --------------------------------------------------------------------

def test_public_page_first_view_then_accept_with_a_typed_name(client, make_quote, db):
    quote = make_quote(status="sent")
    response = client.get(f"/q/{quote.public_token}")
    html = text_of(response)
    assert response.headers["Referrer-Policy"] == "no-referrer" and response.headers["Cache-Control"] == "no-store"
    assert "Valid for 30 days" in html and f"/q/{quote.public_token}/pdf" in html and "Accept quote" in html
    assert "Taxable amount" in html  # the tax summary, as on the quote's PDF
    assert quote.status == "viewed"
    response = client.post(f"/q/{quote.public_token}/accept", data={"accepted_by": " "})
    assert response.status_code == 400 and field_error(text_of(response), "accepted_by")
    response = client.post(f"/q/{quote.public_token}/accept", data={"accepted_by": "Jane Client"},
                           environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 303 and quote.status == "accepted"
    entry = db.session.scalars(select(Activity).where(Activity.action == "quote.accepted")).one()
    assert entry.details == {"name": "Jane Client", "ip": "203.0.113.7"}
    html = text_of(client.get(f"/q/{quote.public_token}"))
    assert "Accepted by Jane Client" in html and "Accept quote" not in html
    response = client.post(f"/q/{quote.public_token}/decline", data={"reason": "changed"})
    assert response.status_code == 409 and quote.status == "accepted"
    pdf = client.get(f"/q/{quote.public_token}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_public_decline_and_refusals(client, make_quote, actor):
    quote = make_quote(status="sent")
    response = client.post(f"/q/{quote.public_token}/decline", data={"reason": ""})
    assert response.status_code == 303 and quote.status == "declined" and quote.decline_reason is None
    expired = make_quote(status="sent", expiry_date=(today_for(actor.company) - timedelta(days=1)).isoformat())
    html = text_of(client.get(f"/q/{expired.public_token}"))
    assert "This quote expired" in html and "Accept quote" not in html
    response = client.post(f"/q/{expired.public_token}/accept", data={"accepted_by": "Late"})
    assert response.status_code == 409 and expired.status == "viewed"
    assert client.get(f"/q/{make_quote().public_token}").status_code == 404  # a draft
    assert client.get("/q/" + "x" * 43).status_code == 404


def test_a_members_preview_is_not_a_view_and_decides_nothing(client, owner, make_quote):
    quote = make_quote(status="sent")
    html = text_of(client.get(f"/q/{quote.public_token}"))
    assert "Preview" in html and quote.status == "sent" and "Accept quote" not in html
    response = client.post(f"/q/{quote.public_token}/accept", data={"accepted_by": "Me"})
    assert response.status_code == 403 and quote.status == "sent"
