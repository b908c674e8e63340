"""/v1/recurring_invoices: create, list with cursors, retrieve, update, delete, pause,
resume, cancel; the invoices it issues carry recurring_invoice_id; another company's
recurring invoices are 404 and unchanged."""
from datetime import date
from decimal import Decimal

import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.jobs import due
from app.models import RecurringInvoice
from tests.support.data import RECURRING_ITEMS as ITEMS


def _body(customer, **fields):
    return {"customer_id": customer.id, "interval": "month", "start_date": "2027-01-31", "items": ITEMS,
            "tax_rate": 19, **fields}


def test_create_retrieve_and_the_document_shape(api, make_customer):
    customer = make_customer()
    response = api.post("/v1/recurring_invoices", json=_body(customer, count=3, due_days=14, auto_send=True))
    assert response.status_code == 201, response.get_json()
    data = response.get_json()["data"]
    assert data["id"].startswith("rec_") and data["customer_id"] == customer.id
    assert (data["status"], data["interval"], data["interval_count"], data["count"]) == ("active", "month", 1, 3)
    assert (data["next_issue_date"], data["issued_count"], data["auto_send"]) == ("2027-01-31", 0, True)
    assert data["upcoming_dates"] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert data["total"] == Decimal("248.71") and [item["item_name"] for item in data["items"]] == ["Hosting", "Support"]
    again = api.get(f"/v1/recurring_invoices/{data['id']}").get_json()["data"]
    assert again == data


def test_bad_input_is_a_400_naming_the_field(api, make_customer):
    customer = make_customer()
    for fields, param in [({"end_date": "2027-01-01"}, "end_date"), ({"interval": "hourly"}, "interval"),
                          ({"interval_count": 0}, "interval_count"), ({"count": 2, "end_date": "2028-01-01"}, "count"),
                          ({"auto_send": "yes"}, "auto_send"), ({"issue_date": "2027-01-01"}, "issue_date")]:
        response = api.post("/v1/recurring_invoices", json=_body(customer, **fields))
        assert response.status_code == 400, (fields, response.get_json())
        assert response.get_json()["error"]["param"] == param, response.get_json()
    assert db.session.scalar(select(func.count()).select_from(RecurringInvoice)) == 0


def test_a_start_more_than_twelve_periods_back_is_a_400_on_create_and_update(api, actor, make_customer, make_recurring):
    customer = make_customer()
    with time_machine.travel(date(2026, 12, 7), tick=False):
        response = api.post("/v1/recurring_invoices", json=_body(customer, start_date="1996-12-07", interval="day"))
        assert response.status_code == 400 and response.get_json()["error"]["param"] == "start_date"
        assert "2026-11-25 or later" in response.get_json()["error"]["message"]
        assert db.session.scalar(select(func.count()).select_from(RecurringInvoice)) == 0
        rec = make_recurring(actor, customer)
        response = api.post(f"/v1/recurring_invoices/{rec.id}", json={"start_date": "2025-12-06"})
        assert response.status_code == 400 and response.get_json()["error"]["param"] == "start_date"
        assert api.get(f"/v1/recurring_invoices/{rec.id}").get_json()["data"]["start_date"] == "2027-01-31"
        response = api.post(f"/v1/recurring_invoices/{rec.id}", json={"start_date": "2025-12-07"})
        assert response.status_code == 200 and response.get_json()["data"]["start_date"] == "2025-12-07"


def test_list_pages_with_cursors_and_filters_by_status(api, actor, make_customer, make_recurring):
    customer = make_customer()
    made = [make_recurring(actor, customer) for _ in range(3)]
    first = api.get("/v1/recurring_invoices", limit=2).get_json()
    assert [row["id"] for row in first["data"]] == [made[2].id, made[1].id] and first["has_more"]
    second = api.get("/v1/recurring_invoices", limit=2, starting_after=made[1].id).get_json()
    assert [row["id"] for row in second["data"]] == [made[0].id] and not second["has_more"]
    api.post(f"/v1/recurring_invoices/{made[0].id}/pause")
    paused = api.get("/v1/recurring_invoices", status="paused").get_json()["data"]
    assert [row["id"] for row in paused] == [made[0].id]
    assert api.get("/v1/recurring_invoices", status="sleeping").status_code == 400


def test_pause_resume_cancel_and_their_refusals(api, actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer(), interval="week", start_date="2027-01-04")
    path = f"/v1/recurring_invoices/{rec.id}"
    assert api.post(path + "/resume").status_code == 409
    assert api.post(path + "/pause").get_json()["data"]["status"] == "paused"
    with time_machine.travel("2027-02-03 12:00:00+00:00", tick=False):
        resumed = api.post(path + "/resume").get_json()["data"]
    assert (resumed["status"], resumed["next_issue_date"]) == ("active", "2027-02-08")
    cancelled = api.post(path + "/cancel").get_json()["data"]
    assert (cancelled["status"], cancelled["next_issue_date"], cancelled["upcoming_dates"]) == ("cancelled", None, [])
    refused = api.post(path + "/pause")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "invalid_transition"
    assert api.post(path, json={"notes": "x"}).status_code == 409


def test_update_and_delete_only_before_anything_is_issued(api, actor, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    path = f"/v1/recurring_invoices/{rec.id}"
    updated = api.post(path, json={"interval": "year", "notes": "Yearly", "items": ITEMS[:1]}).get_json()["data"]
    assert (updated["interval"], updated["notes"], updated["total"]) == ("year", "Yearly", Decimal("58.31"))
    due.run_due(date(2027, 2, 1))
    issued = api.get("/v1/invoices").get_json()["data"]
    assert len(issued) == 1
    refused = api.post(path, json={"interval": "month"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_editable"
    assert api.delete(path).status_code == 409
    assert api.post(path, json={"count": 2}).get_json()["data"]["upcoming_dates"] == ["2028-01-31"]
    other = make_recurring(actor, rec.customer)
    assert api.delete(f"/v1/recurring_invoices/{other.id}").get_json()["data"] == {"id": other.id, "deleted": True}
    assert api.get(f"/v1/recurring_invoices/{other.id}").status_code == 404


def test_a_member_cannot_delete_a_recurring_invoice(api_for, actor, member, make_customer, make_recurring):
    rec = make_recurring(actor, make_customer())
    path = f"/v1/recurring_invoices/{rec.id}"
    response = api_for(member).delete(path)
    assert response.status_code == 403, response.get_json()
    assert response.get_json()["error"]["message"] == "Only an admin of this company may delete recurring invoices."
    assert api_for(member).get(path).status_code == 200
    assert api_for(actor).delete(path).get_json()["data"] == {"id": rec.id, "deleted": True}


def test_another_companys_recurring_invoices_are_404_and_unchanged(make_account, make_customer, api_for, make_recurring):
    mine, theirs = make_account(email="a@example.com", company="A"), make_account(email="b@example.com", company="B")
    api = api_for(mine)
    rec = make_recurring(theirs, make_customer(theirs))
    before = (rec.status, rec.notes, rec.updated_at)
    path = f"/v1/recurring_invoices/{rec.id}"
    for method, call_path, body in [("get", path, None), ("post", path, {"notes": "Hijacked"}), ("delete", path, None),
                                    ("post", path + "/pause", None), ("post", path + "/resume", None),
                                    ("post", path + "/cancel", None)]:
        call = getattr(api, method)
        response = call(call_path, json=body) if method == "post" else call(call_path)
        assert response.status_code == 404, (method, call_path)
        assert response.get_json()["error"]["code"] == "resource_missing"
    assert api.get("/v1/recurring_invoices").get_json()["data"] == []
    assert api.get("/v1/recurring_invoices", starting_after=rec.id).status_code == 400
    mine_customer = make_customer(mine)
    assert api.post("/v1/recurring_invoices", json=_body(rec.customer)).status_code == 400
    assert api.post("/v1/recurring_invoices", json=_body(mine_customer)).status_code == 201
    db.session.expire_all()
    found = db.session.get(RecurringInvoice, rec.pk)
    assert (found.status, found.notes, found.updated_at) == before


def test_issued_invoices_name_their_recurring_invoice(api, actor, make_customer, make_invoice, make_recurring):
    rec = make_recurring(actor, make_customer())
    plain = make_invoice()
    due.run_due(date(2027, 2, 28))
    listed = {row["invoice_number"]: row["recurring_invoice_id"] for row in api.get("/v1/invoices").get_json()["data"]}
    assert sorted(listed.values(), key=str) == [None, rec.id, rec.id]
    one = api.get(f"/v1/invoices/{plain.id}").get_json()["data"]
    assert one["recurring_invoice_id"] is None
    issued = [row for row in api.get("/v1/invoices").get_json()["data"] if row["recurring_invoice_id"]]
    assert api.get(f"/v1/invoices/{issued[0]['id']}").get_json()["data"]["recurring_invoice_id"] == rec.id
