"""Tenant isolation: with company A's key, company B's ids are 404 everywhere and nothing changes."""
from sqlalchemy import func, select

from app.extensions import db
from app.invoices import lifecycle
from app.models import (
    Activity,
    Customer,
    Event,
    IdempotencyRecord,
    Invoice,
    InvoiceItem,
    Payment,
    Refund,
    WebhookDelivery,
    WebhookEndpoint,
)
from app.services import transaction
from app.webhooks import endpoints

MODELS = (Customer, Invoice, InvoiceItem, Payment, Refund, Activity, WebhookEndpoint, Event, WebhookDelivery)


def snapshot():
    db.session.expire_all()
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}
    stamps = {
        "customers": sorted(db.session.execute(select(Customer.id, Customer.updated_at, Customer.deleted_at)).all()),
        "invoices": sorted(db.session.execute(select(Invoice.id, Invoice.updated_at, Invoice.status,
                                                     Invoice.amount_paid, Invoice.deleted_at)).all()),
        "webhook_endpoints": sorted(db.session.execute(select(
            WebhookEndpoint.id, WebhookEndpoint.updated_at, WebhookEndpoint.url, WebhookEndpoint.status,
            WebhookEndpoint.secret_sealed)).all()),
    }
    return counts, stamps


def test_other_companys_objects_are_404_and_unchanged(make_account, make_customer, make_invoice, api_for):
    company_a = make_account(email="a@example.com", company="A")
    company_b = make_account(email="b@example.com", company="B")
    api = api_for(company_a)
    own_customer = make_customer(company_a, name="Mine")
    theirs = make_customer(company_b, name="Theirs")
    draft = make_invoice(company_b, customer=theirs, due_date="2099-01-01")
    paid = make_invoice(company_b, customer=theirs, due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(company_b, paid.id, lambda invoice, reminder: None)
        lifecycle.record_payment(company_b, paid.id, {"amount": 100})
    with transaction():  # a literal public address: nothing to resolve
        hook, _ = endpoints.create_endpoint(company_b, {"url": "https://93.184.216.34/hooks", "description": "Theirs"})
    their_event = db.session.scalars(select(Event).where(Event.company_pk == company_b.company.pk)).first()
    before = snapshot()

    customer_calls = [
        ("get", f"/v1/customers/{theirs.id}", None),
        ("post", f"/v1/customers/{theirs.id}", {"name": "Hijacked"}),
        ("delete", f"/v1/customers/{theirs.id}", None),
    ]
    invoice_calls = []
    for invoice in (draft, paid):
        path = f"/v1/invoices/{invoice.id}"
        invoice_calls += [
            ("get", path, None), ("post", path, {"notes": "Hijacked"}), ("delete", path, None),
            ("post", path + "/send", None), ("post", path + "/record_payment", {"amount": 1}),
            ("post", path + "/cancel", {"cancellation_reason": "x"}), ("post", path + "/refund", {"amount": 1}),
            ("get", path + "/pdf", None),
        ]
    hook_path = f"/v1/webhook_endpoints/{hook.id}"
    webhook_calls = [
        ("get", hook_path, None), ("post", hook_path, {"description": "Hijacked"}), ("delete", hook_path, None),
        ("post", hook_path + "/rotate_secret", None), ("get", f"/v1/events/{their_event.id}", None),
    ]
    for method, path, body in customer_calls + invoice_calls + webhook_calls:
        call = getattr(api, method)
        response = call(path, json=body) if method == "post" else call(path)
        assert response.status_code == 404, (method, path, response.status_code)
        if response.is_json:
            assert response.get_json()["error"]["code"] == "resource_missing"
        missing = path.replace(theirs.id, "cus_000000000000").replace(draft.id, "inv_000000000000") \
                      .replace(paid.id, "inv_000000000000").replace(hook.id, "we_000000000000") \
                      .replace(their_event.id, "evt_000000000000")
        response_missing = call(missing, json=body) if method == "post" else call(missing)
        assert response_missing.status_code == 404
        if response.is_json and response_missing.is_json:
            error, error_missing = response.get_json()["error"], response_missing.get_json()["error"]
            assert error["message"].replace(theirs.id, "X").replace(draft.id, "X").replace(paid.id, "X") \
                .replace(hook.id, "X").replace(their_event.id, "X") == \
                error_missing["message"].replace("cus_000000000000", "X").replace("inv_000000000000", "X") \
                .replace("we_000000000000", "X").replace("evt_000000000000", "X")
            assert (error["type"], error["code"], error["param"]) == \
                (error_missing["type"], error_missing["code"], error_missing["param"])

    # their customer as a reference: refused at create/update like a missing one
    response = api.post("/v1/invoices", json={"customer_id": theirs.id})
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "customer_id"
    # lists show nothing of theirs; cursors of theirs are unknown; their company is 404
    assert api.get("/v1/invoices", customer_id=theirs.id).get_json() == {"data": [], "has_more": False}
    assert [c["id"] for c in api.get("/v1/customers").get_json()["data"]] == [own_customer.id]
    assert api.get("/v1/invoices").get_json()["data"] == []
    assert api.get("/v1/customers", starting_after=theirs.id).status_code == 400
    assert api.get("/v1/invoices", ending_before=draft.id).status_code == 400
    assert api.get("/v1/webhook_endpoints").get_json() == {"data": [], "has_more": False}
    assert {event["data"]["object"]["id"] for event in api.get("/v1/events", limit=100).get_json()["data"]} == \
        {own_customer.id}
    assert api.get("/v1/webhook_endpoints", starting_after=hook.id).status_code == 400
    assert api.get("/v1/events", starting_after=their_event.id).status_code == 400
    assert api.get("/v1/events", company_id=company_b.company.id).status_code == 404
    assert api.get("/v1/webhook_endpoints", company_id=company_b.company.id).status_code == 404
    assert api.get("/v1/customers", company_id=company_b.company.id).status_code == 404
    assert api.post("/v1/customers", json={"name": "X", "country": "US"},
                    company_id=company_b.company.id).status_code == 404
    with_key = api.post(f"/v1/invoices/{draft.id}/cancel", json={}, headers={"Idempotency-Key": "probe"})
    assert with_key.status_code == 404
    assert snapshot() == before
    assert db.session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1  # the 404, kept for replay
