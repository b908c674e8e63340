"""The list and retrieve read invoices as plain rows (app.invoices.rows); actions
answer from ORM objects. Both must give the same document, in every state."""
from decimal import Decimal

from sqlalchemy import event

from app.api.serializers import invoice_json, record_json
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import rows as invoice_rows
from app.models import Invoice
from app.services import transaction
from app.services.tenancy import today_for
from tests.support.api import pay, send


def orm_document(actor, invoice_id):
    db.session.expire_all()
    invoice = db.session.query(Invoice).filter_by(id=invoice_id).one()
    return invoice_json(invoice, today_for(actor.company))


def test_every_state_reads_the_same_from_rows_and_from_objects(api, actor, make_invoice):
    draft = make_invoice(due_date="2099-01-01")
    empty = make_invoice(due_date="2099-01-01", items=[])  # a draft without items: one row, no item
    overdue = make_invoice(issue_date="2020-01-01", due_date="2020-01-31", items=[{"item_name": "B", "unit_price": 5},
                                                         {"item_name": "A", "unit_price": 7, "quantity": 3}])
    send(api, overdue.id)
    partial = make_invoice(due_date="2099-01-01")
    send(api, partial.id)
    pay(api, partial.id, "1000")
    pay(api, partial.id, "2000")
    refunded = make_invoice(due_date="2099-01-01")
    send(api, refunded.id)
    pay(api, refunded.id, "8769.6")
    api.post(f"/v1/invoices/{refunded.id}/refund", json={"amount": 100, "reason": "Broken"})
    api.post(f"/v1/invoices/{refunded.id}/refund")
    cancelled = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.cancel_invoice(actor, cancelled.id, "Duplicate")

    listed = api.get("/v1/invoices", limit=100).get_json()["data"]
    assert [doc["id"] for doc in listed] == [cancelled.id, refunded.id, partial.id, overdue.id, empty.id, draft.id]
    for doc in listed:
        expected = api.get(f"/v1/invoices/{doc['id']}").get_json()["data"]
        assert doc == expected
        assert doc == api.client.application.json.loads(
            api.client.application.json.dumps(orm_document(actor, doc["id"])))
    by_id = {doc["id"]: doc for doc in listed}
    assert by_id[overdue.id]["status"] == "overdue"
    assert [item["item_name"] for item in by_id[overdue.id]["items"]] == ["B", "A"]
    assert [p["amount"] for p in by_id[partial.id]["payments"]] == [1000, 2000]
    assert [r["reason"] for r in by_id[refunded.id]["refunds"]] == ["Broken", None]
    assert by_id[draft.id]["payments"] == [] and by_id[draft.id]["refunds"] == []
    assert by_id[empty.id]["items"] == [] and by_id[empty.id]["total"] == 0


def test_payments_and_refunds_are_read_only_where_the_totals_say_so(api, actor, make_invoice):
    statements = []
    draft = make_invoice(due_date="2099-01-01")
    paid = make_invoice(due_date="2099-01-01")
    send(api, paid.id)
    pay(api, paid.id, "8769.6")
    engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement.split("FROM")[1].split()[0] if "FROM" in statement else statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert invoice_rows.one(actor.company, draft.id).payments == []
        drafts_only = list(statements)
        statements.clear()
        record = invoice_rows.one(actor.company, paid.id)
        assert [p.amount for p in record.payments] == [Decimal("8769.6")] and record.refunds == []
        assert record_json(record, today_for(actor.company))["status"] == "paid"
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert "payments" not in drafts_only and "refunds" not in drafts_only
    assert "payments" in statements and "refunds" not in statements
