"""Events are written in the same transaction as the change (DESIGN §18): each change made
through the API writes the events its type names, and each event's data.object is what the
API's GET of that object answers right afterwards (a payment or refund: its entry in the
invoice's payments or refunds, with invoice_id). A rolled-back change writes nothing."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.invoices import lifecycle
from app.jobs import due
from app.models import Event, Invoice
from app.services import customers, transaction
from app.services.errors import ValidationError
from app.webhooks import events as webhook_events
from tests.support.data import RECURRING_ITEMS, SEED_ITEMS


class Events:
    """The company's events as /v1/events lists them, a batch at a time: ``new()`` gives the
    ones written since the last call, oldest first."""

    def __init__(self, api):
        self.api, self.seen = api, set()

    def new(self) -> list[dict]:
        response = self.api.get("/v1/events", limit=100)
        assert response.status_code == 200, response.get_json()
        listed = response.get_json()["data"]
        fresh = [event for event in reversed(listed) if event["id"] not in self.seen]
        self.seen |= {event["id"] for event in listed}
        return fresh

    def expect(self, *types: str) -> dict[str, dict]:
        """The new events are exactly ``types`` (in this order): their objects by type."""
        fresh = self.new()
        assert [event["type"] for event in fresh] == list(types)
        for event in fresh:
            assert set(event) == {"id", "type", "created", "data"} and set(event["data"]) == {"object"}
            assert self.api.get(f"/v1/events/{event['id']}").get_json()["data"] == event
        return {event["type"]: event["data"]["object"] for event in fresh}


@pytest.fixture()
def events(api):
    return Events(api)


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()["data"]


def shown(api, path) -> dict:
    return ok(api.get(path))


def without_stamp(found: dict) -> dict:
    return {name: value for name, value in found.items() if name != "updated_at"}


def entry_of(invoice: dict, kind: str, entry_id: str) -> dict:
    """A payment or refund as the invoice lists it, with the invoice's id (as its event shows it)."""
    (found,) = [entry for entry in invoice[kind] if entry["id"] == entry_id]
    return {**found, "invoice_id": invoice["id"]}


def new_invoice(api, customer_id, **fields) -> dict:
    return ok(api.post("/v1/invoices", json={"customer_id": customer_id, "due_date": "2099-01-01", "tax_rate": 10,
                                             "items": [dict(item) for item in SEED_ITEMS], **fields}), 201)


def test_customer_events(api, events):
    created = ok(api.post("/v1/customers", json={"name": "Hooked Ltd", "country": "DE", "email": "a@hooked.example"}),
                 201)
    path = f"/v1/customers/{created['id']}"
    assert events.expect("customer.created")["customer.created"] == shown(api, path) == created
    ok(api.post(path, json={"city": "Berlin"}))
    assert events.expect("customer.updated")["customer.updated"] == shown(api, path)
    before = shown(api, path)
    ok(api.delete(path))
    gone = events.expect("customer.deleted")["customer.deleted"]
    assert without_stamp(gone) == without_stamp(before)  # as it was shown last
    assert api.get(path).status_code == 404


def test_invoice_life_events(api, events, client, make_customer):
    customer = make_customer()
    events.new()
    invoice = new_invoice(api, customer.id)
    path = f"/v1/invoices/{invoice['id']}"
    assert events.expect("invoice.created")["invoice.created"] == shown(api, path) == invoice
    ok(api.post(path, json={"notes": "Hooked"}))
    assert events.expect("invoice.updated")["invoice.updated"] == shown(api, path)

    ok(api.post(path + "/send"))
    assert events.expect("invoice.sent")["invoice.sent"] == shown(api, path)

    token = db.session.scalar(select(Invoice.public_token).where(Invoice.id == invoice["id"]))
    assert client.get(f"/i/{token}").status_code == 200
    viewed = events.expect("invoice.viewed")["invoice.viewed"]
    assert viewed == shown(api, path) and viewed["status"] == "viewed"
    assert client.get(f"/i/{token}").status_code == 200
    assert events.expect() == {}  # the first view only

    ok(api.post(path + "/record_payment", json={"amount": "100"}))
    found = events.expect("payment.created", "invoice.partially_paid")
    now = shown(api, path)
    assert found["invoice.partially_paid"] == now and now["status"] == "partial"
    assert found["payment.created"] == entry_of(now, "payments", found["payment.created"]["id"])
    assert found["payment.created"]["amount"] == Decimal("100")

    ok(api.post(path + "/record_payment", json={"amount": str(now["amount_due"])}))
    found = events.expect("payment.created", "invoice.paid")
    now = shown(api, path)
    assert found["invoice.paid"] == now and now["status"] == "paid"
    assert found["payment.created"] == entry_of(now, "payments", found["payment.created"]["id"])

    ok(api.post(path + "/refund", json={"amount": "30", "reason": "Goodwill"}))
    found = events.expect("refund.created", "invoice.refunded", "credit_note.created")  # a refund credits too
    now = shown(api, path)
    assert found["invoice.refunded"] == now
    assert found["refund.created"] == entry_of(now, "refunds", found["refund.created"]["id"])
    assert found["refund.created"]["amount"] == Decimal("30")
    credit = found["credit_note.created"]
    assert credit == shown(api, f"/v1/credit_notes/{credit['id']}") and credit["invoice_id"] == invoice["id"]


def test_credit_note_cancel_delete_and_overdue(api, events, actor, make_customer):
    customer = make_customer()
    events.new()
    sent = new_invoice(api, customer.id)
    ok(api.post(f"/v1/invoices/{sent['id']}/send"))
    events.new()
    note = ok(api.post("/v1/credit_notes", json={"invoice_id": sent["id"], "amount": "25", "memo": "Sorry"}), 201)
    found = events.expect("credit_note.created")
    assert found["credit_note.created"] == shown(api, f"/v1/credit_notes/{note['id']}") == note

    ok(api.post(f"/v1/invoices/{sent['id']}/cancel", json={"cancellation_reason": "Wrong client"}))
    found = events.expect("invoice.cancelled", "credit_note.created")  # a sent invoice is cancelled by a credit note
    cancelled = shown(api, f"/v1/invoices/{sent['id']}")
    assert found["invoice.cancelled"] == cancelled and cancelled["status"] == "cancelled"
    credit = found["credit_note.created"]
    assert credit == shown(api, f"/v1/credit_notes/{credit['id']}") and credit["invoice_id"] == sent["id"]

    draft = new_invoice(api, customer.id)
    events.new()
    before = shown(api, f"/v1/invoices/{draft['id']}")
    ok(api.delete(f"/v1/invoices/{draft['id']}"))
    gone = events.expect("invoice.deleted")["invoice.deleted"]
    assert without_stamp(gone) == without_stamp(before)

    late = new_invoice(api, customer.id, issue_date="2020-01-01", due_date="2020-02-01")
    ok(api.post(f"/v1/invoices/{late['id']}/send"))
    events.new()
    with transaction():
        assert lifecycle.mark_overdue(actor.company) == 1
    overdue = events.expect("invoice.overdue")["invoice.overdue"]
    assert overdue == shown(api, f"/v1/invoices/{late['id']}") and overdue["status"] == "overdue"


def quote_body(customer_id):
    return {"customer_id": customer_id, "expiry_date": "2099-01-01", "tax_rate": 10,
            "items": [dict(item) for item in SEED_ITEMS]}


def test_quote_events(api, events, make_customer):
    customer = make_customer()
    events.new()
    quote = ok(api.post("/v1/quotes", json=quote_body(customer.id)), 201)
    path = f"/v1/quotes/{quote['id']}"
    assert events.expect("quote.created")["quote.created"] == shown(api, path) == quote
    ok(api.post(path + "/send"))
    assert events.expect("quote.sent")["quote.sent"] == shown(api, path)
    ok(api.post(path + "/accept", json={"accepted_by": "Jane Client"}))
    assert events.expect("quote.accepted")["quote.accepted"] == shown(api, path)
    invoice = ok(api.post(path + "/convert"), 201)
    found = events.expect("invoice.created", "quote.converted")
    assert found["quote.converted"] == shown(api, path)
    assert found["invoice.created"] == shown(api, f"/v1/invoices/{invoice['id']}") == invoice

    declined = ok(api.post("/v1/quotes", json=quote_body(customer.id)), 201)
    ok(api.post(f"/v1/quotes/{declined['id']}/send"))
    events.new()
    ok(api.post(f"/v1/quotes/{declined['id']}/decline", json={"reason": "Too dear"}))
    assert events.expect("quote.declined")["quote.declined"] == shown(api, f"/v1/quotes/{declined['id']}")

    cancelled = ok(api.post("/v1/quotes", json=quote_body(customer.id)), 201)
    events.new()
    ok(api.post(f"/v1/quotes/{cancelled['id']}/cancel"))
    assert events.expect("quote.cancelled")["quote.cancelled"] == shown(api, f"/v1/quotes/{cancelled['id']}")


def test_recurring_invoice_issued(api, events, make_customer):
    customer = make_customer()
    events.new()
    ok(api.post("/v1/recurring_invoices", json={"customer_id": customer.id, "interval": "month",
                                                "start_date": "2027-01-31", "items": RECURRING_ITEMS,
                                                "tax_rate": 19}), 201)
    assert events.expect() == {}  # a schedule's own changes are no events
    due.run_due(date(2027, 2, 1))
    found = events.expect("invoice.created", "recurring_invoice.issued")
    (issued,) = api.get("/v1/invoices").get_json()["data"]
    assert found["recurring_invoice.issued"] == found["invoice.created"] == shown(api, f"/v1/invoices/{issued['id']}")


def count_events() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Event))


def test_a_refused_call_writes_nothing(api, events, make_customer):
    customer = make_customer()
    events.new()
    invoice = new_invoice(api, customer.id)
    ok(api.post(f"/v1/invoices/{invoice['id']}/send"))
    events.new()
    before = count_events()
    assert api.post(f"/v1/invoices/{invoice['id']}/record_payment", json={"amount": "999999"}).status_code == 400
    assert api.post("/v1/customers", json={"name": "", "country": "US"}).status_code == 400
    assert api.post(f"/v1/invoices/{invoice['id']}", json={"notes": "late", "items": "no"}).status_code in (400, 409)
    assert api.post(f"/v1/customers/{customer.id}", json={"country": "Atlantis"}).status_code == 400
    assert count_events() == before and events.new() == []


def test_a_call_refused_after_its_change_was_noted_writes_nothing(api, events, make_customer, monkeypatch):
    """The service noted the event, then the call was refused: the API's savepoint rolls back
    the change and what was noted in it."""
    customer = make_customer()
    events.new()
    noted = []

    def refuse_after(actor, subject, action, details):
        original(actor, subject, action, details)
        noted.append(action)
        raise ValidationError({"city": "Refused after the change was noted."})
    original = webhook_events.from_activity
    monkeypatch.setattr(webhook_events, "from_activity", refuse_after)
    response = api.post(f"/v1/customers/{customer.id}", json={"city": "Paris"})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "city"
    assert noted == ["customer.updated"]
    monkeypatch.setattr(webhook_events, "from_activity", original)
    assert events.new() == [] and shown(api, f"/v1/customers/{customer.id}")["city"] != "Paris"
    ok(api.post(f"/v1/customers/{customer.id}", json={"city": "Lyon"}))
    assert events.expect("customer.updated")["customer.updated"]["city"] == "Lyon"


def test_a_rolled_back_transaction_writes_nothing(actor, events):
    before = count_events()
    with pytest.raises(RuntimeError):
        with transaction():
            customers.create_customer(actor, {"name": "Never", "country": "US"})
            raise RuntimeError("changed my mind")
    assert count_events() == before
    with transaction():
        kept = customers.create_customer(actor, {"name": "Kept", "country": "US"})
        with pytest.raises(RuntimeError):
            with db.session.begin_nested():
                customers.update_customer(actor, kept.id, {"city": "Gone"})
                raise RuntimeError("only the inner part")
    assert [event["type"] for event in events.new()] == ["customer.created"]
    assert count_events() == before + 1


def test_the_tick_writes_invoice_overdue_the_day_an_invoice_goes_past_due(app, actor, make_sent_invoice):
    invoice = make_sent_invoice(actor, due_date="2025-05-15")
    runner = app.test_cli_runner()
    assert "overdue: nothing due" in runner.invoke(args=["run-due", "--today", "2025-05-15"]).output
    result = runner.invoke(args=["run-due", "--today", "2025-05-16"])
    assert "overdue: 1 marked" in result.output, result.output
    written = db.session.scalars(select(Event).where(Event.type == "invoice.overdue")).all()
    assert [(event.type, loads_object(event)["id"], loads_object(event)["status"]) for event in written] == [
        ("invoice.overdue", invoice.id, "overdue")]
    assert "overdue: nothing due" in runner.invoke(args=["run-due", "--today", "2025-05-17"]).output


def loads_object(event: Event) -> dict:
    from app import json

    return json.loads(event.body)["data"]["object"]
