"""Lists: newest first, limit, cursors both ways, has_more, filters, stability, no N+1."""
from sqlalchemy import event

from app.extensions import db


def create_customers(api, count, **fields):
    return [api.post("/v1/customers", json={"name": f"C{i}", "country": "US", **fields}).get_json()["data"]["id"]
            for i in range(count)]


def ids(response):
    assert response.status_code == 200, response.get_json()
    return [row["id"] for row in response.get_json()["data"]]


def test_newest_first_with_default_limit_and_cursors(api):
    created = create_customers(api, 13)
    newest_first = list(reversed(created))
    first = api.get("/v1/customers")
    assert ids(first) == newest_first[:10] and first.get_json()["has_more"] is True
    second = api.get("/v1/customers", starting_after=newest_first[9])
    assert ids(second) == newest_first[10:] and second.get_json()["has_more"] is False
    back = api.get("/v1/customers", ending_before=newest_first[10], limit=3)
    assert ids(back) == newest_first[7:10] and back.get_json()["has_more"] is True
    top = api.get("/v1/customers", ending_before=newest_first[3], limit=5)
    assert ids(top) == newest_first[:3] and top.get_json()["has_more"] is False
    assert ids(api.get("/v1/customers", limit=100)) == newest_first
    assert ids(api.get("/v1/customers", limit=1)) == newest_first[:1]


def test_pages_are_stable_while_rows_are_inserted(api):
    created = list(reversed(create_customers(api, 6)))
    page = api.get("/v1/customers", limit=3).get_json()
    create_customers(api, 4)
    following = api.get("/v1/customers", limit=3, starting_after=page["data"][-1]["id"]).get_json()
    assert [row["id"] for row in page["data"] + following["data"]] == created


def test_a_deleted_cursor_still_works(api):
    created = list(reversed(create_customers(api, 5)))
    assert api.delete(f"/v1/customers/{created[1]}").status_code == 200
    assert ids(api.get("/v1/customers", starting_after=created[1])) == created[2:]


def test_bad_limits_and_cursors_are_400(api):
    create_customers(api, 1)
    for value in ("0", "101", "-1", "abc", "1.5", "", "١"):
        response = api.get("/v1/customers", limit=value)
        assert response.status_code == 400 and response.get_json()["error"]["param"] == "limit", value
    for param in ("starting_after", "ending_before"):
        response = api.get("/v1/customers", **{param: "cus_000000000000"})
        assert response.status_code == 400 and response.get_json()["error"]["param"] == param
    response = api.get("/v1/customers", starting_after="a", ending_before="b")
    assert response.status_code == 400
    assert api.get("/v1/customers", status="gone").status_code == 400
    assert api.get("/v1/invoices", status="late").status_code == 400


def test_customer_status_filter(api):
    active = create_customers(api, 2)
    inactive = create_customers(api, 1, status="inactive")
    assert ids(api.get("/v1/customers", status="inactive")) == inactive
    assert ids(api.get("/v1/customers", status="active")) == list(reversed(active))


def test_invoice_filters_and_no_n_plus_one(api, make_customer, make_invoice):
    alice, bob = make_customer(name="Alice"), make_customer(name="Bob")
    alice_invoices = [make_invoice(customer=alice).id for _ in range(3)]
    bob_invoices = [make_invoice(customer=bob).id for _ in range(4)]
    assert ids(api.get("/v1/invoices", customer_id=alice.id)) == list(reversed(alice_invoices))
    assert ids(api.get("/v1/invoices", customer_id=bob.id, status="draft", limit=2)) == list(reversed(bob_invoices))[:2]
    assert ids(api.get("/v1/invoices", customer_id="cus_000000000000")) == []
    assert ids(api.get("/v1/invoices", status="paid")) == []
    statements = []

    def count(*args):
        statements.append(args[2])
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = api.get("/v1/invoices", limit=100)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(ids(page)) == 7
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 8, selects  # key, membership, page, 4 related loads (+ cursor-free): constant
