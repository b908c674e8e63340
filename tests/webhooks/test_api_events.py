"""/v1/events (DESIGN §18): the company's events of the last 30 days, newest first, filtered
by type, in cursor pages; each answered exactly as its stored (delivered) body; members read
them; another company's events are missing."""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import json
from app.extensions import db
from app.models import Event
from app.models.base import utcnow
from app.services import transaction
from app.webhooks import KEEP_EVENTS


def error_of(response, status=400):
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def stored(event_id: str) -> Event:
    db.session.expire_all()
    return db.session.scalar(select(Event).where(Event.id == event_id))


@pytest.fixture()
def history(api):
    """Three customers and an invoice, made through the API: four events, oldest first."""
    made = [api.post("/v1/customers", json={"name": f"Customer {n}", "country": "US"}).get_json()["data"]
            for n in range(3)]
    api.post("/v1/invoices", json={"customer_id": made[0]["id"], "due_date": "2099-01-01",
                                   "items": [{"name": "Work", "quantity": 3, "unit_price": "33.335"}]})
    listed = api.get("/v1/events", limit=100).get_json()["data"]
    assert [event["type"] for event in listed] == ["invoice.created"] + ["customer.created"] * 3
    return listed[::-1]


def ids(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [event["id"] for event in response.get_json()["data"]]


def test_list_newest_first_with_cursors(api, history):
    newest_first = [event["id"] for event in history][::-1]
    page = api.get("/v1/events", limit=2).get_json()
    assert [event["id"] for event in page["data"]] == newest_first[:2] and page["has_more"] is True
    after = api.get("/v1/events", limit=2, starting_after=newest_first[1]).get_json()
    assert [event["id"] for event in after["data"]] == newest_first[2:] and after["has_more"] is False
    assert ids(api.get("/v1/events", ending_before=newest_first[2])) == newest_first[:2]
    assert error_of(api.get("/v1/events", limit=101))["param"] == "limit"
    assert error_of(api.get("/v1/events", starting_after="evt_000000000000"))["param"] == "starting_after"
    assert error_of(api.get("/v1/events", starting_after=newest_first[0],
                            ending_before=newest_first[1]))["param"] == "ending_before"


def test_type_filter(api, history):
    customers_only = [event["id"] for event in history if event["type"] == "customer.created"][::-1]
    assert ids(api.get("/v1/events", type="customer.created")) == customers_only
    assert ids(api.get("/v1/events", type="invoice.created")) == [history[-1]["id"]]
    assert ids(api.get("/v1/events", type="quote.sent")) == []
    # a cursor stays good under a filter it does not match
    assert ids(api.get("/v1/events", type="customer.created", starting_after=history[-1]["id"])) == customers_only
    for wrong in ("invoice.eaten", "*", "", "customer"):
        error = error_of(api.get("/v1/events", type=wrong))
        assert error["param"] == "type" and error["type"] == "invalid_request_error", error


def test_retrieve_is_the_stored_body_exactly(api, history):
    invoice_event = history[-1]
    response = api.get(f"/v1/events/{invoice_event['id']}")
    assert response.status_code == 200
    event = response.get_json()["data"]
    body = stored(invoice_event["id"]).body
    assert event == json.loads(body) == invoice_event
    assert set(event) == {"id", "type", "created", "data"} and event["type"] == "invoice.created"
    assert body in response.get_data(as_text=True)  # the very text delivered, amounts exact
    invoice = event["data"]["object"]
    assert str(invoice["items"][0]["unit_price"]) == "33.335"
    assert invoice == api.get(f"/v1/invoices/{invoice['id']}").get_json()["data"]
    assert error_of(api.get("/v1/events/evt_000000000000"), 404)["code"] == "resource_missing"


def test_only_the_last_30_days(api, history):
    old, kept = history[0]["id"], history[1]["id"]
    with transaction():
        db.session.execute(update(Event).where(Event.id == old)
                           .values(created_at=utcnow() - KEEP_EVENTS - timedelta(minutes=1)))
        db.session.execute(update(Event).where(Event.id == kept)
                           .values(created_at=utcnow() - KEEP_EVENTS + timedelta(minutes=5)))
    listed = ids(api.get("/v1/events", limit=100))
    assert old not in listed and kept in listed and len(listed) == 3
    assert error_of(api.get(f"/v1/events/{old}"), 404)["code"] == "resource_missing"
    assert api.get(f"/v1/events/{kept}").status_code == 200


def test_members_read_events(api, history, member, api_for):
    as_member = api_for(member)
    assert ids(as_member.get("/v1/events", limit=100)) == [event["id"] for event in history][::-1]
    assert as_member.get(f"/v1/events/{history[0]['id']}").get_json()["data"] == history[0]


def test_another_company_sees_none(api, history, make_account, api_for):
    other = api_for(make_account(email="other@example.com", company="Other Co"))
    assert other.get("/v1/events").get_json() == {"data": [], "has_more": False}
    assert other.get("/v1/events", type="customer.created").get_json()["data"] == []
    for event in history:
        error = error_of(other.get(f"/v1/events/{event['id']}"), 404)
        missing = error_of(other.get("/v1/events/evt_000000000000"), 404)
        assert error["message"].replace(event["id"], "X") == missing["message"].replace("evt_000000000000", "X")
    assert error_of(other.get("/v1/events", starting_after=history[0]["id"]))["param"] == "starting_after"
    own = other.post("/v1/customers", json={"name": "Theirs", "country": "US"}).get_json()["data"]
    assert [event["data"]["object"]["id"] for event in other.get("/v1/events").get_json()["data"]] == [own["id"]]
    assert own["id"] not in api.get("/v1/events", limit=100).get_data(as_text=True)


def test_events_are_not_written_by_reading(api, history):
    before = ids(api.get("/v1/events", limit=100))
    for event in history:
        api.get(f"/v1/events/{event['id']}")
    api.get("/v1/customers")
    assert ids(api.get("/v1/events", limit=100)) == before
