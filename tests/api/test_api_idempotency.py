"""Idempotency-Key on POST: replay, refusal of another body, 24 h expiry, errors kept."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Customer, IdempotencyRecord, Invoice
from app.models.base import utcnow

BODY = {"name": "Acme Corp", "country": "US"}


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_same_key_same_body_replays_the_first_response(api):
    first = api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "k1"})
    again = api.post("/v1/customers", json={"country": "US", "name": "Acme Corp"}, headers={"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data() and again.headers["Idempotent-Replayed"] == "true"
    assert count(Customer) == 1
    other = api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "k2"})
    assert other.status_code == 201 and other.get_json()["data"]["id"] != first.get_json()["data"]["id"]
    assert count(Customer) == 2
    assert api.post("/v1/customers", json=BODY).status_code == 201 and count(Customer) == 3


def test_same_key_other_body_or_path_is_refused(api, make_customer):
    api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "k1"})
    for path, body in (("/v1/customers", {**BODY, "city": "Paris"}), ("/v1/invoices", BODY)):
        response = api.post(path, json=body, headers={"Idempotency-Key": "k1"})
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "idempotency_error" and error["param"] == "Idempotency-Key"
    assert count(Customer) == 1 and count(Invoice) == 0


def test_actions_replay_and_refusals_are_kept(api, make_invoice):
    invoice = make_invoice(due_date="2099-01-01")
    api.post(f"/v1/invoices/{invoice.id}/send")
    pay = {"amount": 100}
    first = api.post(f"/v1/invoices/{invoice.id}/record_payment", json=pay, headers={"Idempotency-Key": "pay-1"})
    again = api.post(f"/v1/invoices/{invoice.id}/record_payment", json=pay, headers={"Idempotency-Key": "pay-1"})
    assert first.status_code == again.status_code == 200 and first.get_data() == again.get_data()
    assert api.get(f"/v1/invoices/{invoice.id}").get_json()["data"]["amount_paid"] == 100
    refused = api.post(f"/v1/invoices/{invoice.id}/record_payment", json={"amount": 0},
                       headers={"Idempotency-Key": "pay-2"})
    assert refused.status_code == 400
    replay = api.post(f"/v1/invoices/{invoice.id}/record_payment", json={"amount": 0},
                      headers={"Idempotency-Key": "pay-2"})
    assert replay.status_code == 400 and replay.get_data() == refused.get_data()
    assert replay.headers["Idempotent-Replayed"] == "true"


def test_records_expire_after_24_hours(api):
    api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "old"})
    record = db.session.scalars(db.select(IdempotencyRecord)).one()
    record.created_at = utcnow() - timedelta(hours=24, minutes=1)
    db.session.commit()
    response = api.post("/v1/customers", json={**BODY, "city": "Paris"}, headers={"Idempotency-Key": "old"})
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert count(Customer) == 2 and count(IdempotencyRecord) == 1


def test_keys_are_per_api_key_and_checked(api, api_for, actor):
    other_key = api_for(actor)
    api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "shared"})
    assert other_key.post("/v1/customers", json=BODY, headers={"Idempotency-Key": "shared"}).status_code == 201
    assert count(Customer) == 2
    for bad in ("x" * 256, "a\x00b", " "):
        response = api.post("/v1/customers", json=BODY, headers={"Idempotency-Key": bad})
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "idempotency_error", bad
    assert api.get("/v1/customers", headers={"Idempotency-Key": "ignored-on-get"}).status_code == 200


@pytest.mark.parametrize("attempt", range(3))
@pytest.mark.commits
def test_concurrent_first_uses_create_one_object(app, api, actor, attempt):
    import threading

    assert api.get("/v1/customers").status_code == 200  # last use recorded: the race writes no key row
    url = f"/v1/customers?company_id={api.company_id}"
    headers = {"Authorization": f"Bearer {api.key}", "Idempotency-Key": "race"}
    db.session.close()  # each thread has its own app context, session and connection
    results, barrier = [], threading.Barrier(4)

    def post():
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = client.post(url, json=BODY, headers=headers)
            results.append((response.status_code, response.get_data()))
            db.session.remove()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in results] == [201] * 4
    assert len({body for _, body in results}) == 1
    assert count(Customer) == 1 and count(IdempotencyRecord) == 1
