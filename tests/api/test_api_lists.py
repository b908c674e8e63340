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


def test_invoice_search_and_date_ranges(api, make_customer, make_invoice):
    """The dashboard's filters, in the API: q, due_after / due_before, issued_from / issued_to
    (both ends included), each combinable with the others and with cursors."""
    acme, umbrella = make_customer(name="Acme Corp"), make_customer(name="Umbrella 100%")
    january = make_invoice(customer=acme, issue_date="2025-01-10", due_date="2025-02-10").id
    march = make_invoice(customer=umbrella, issue_date="2025-03-01", due_date="2025-03-31").id
    june = make_invoice(customer=acme, issue_date="2025-06-01", due_date="2025-07-01").id
    assert ids(api.get("/v1/invoices", q="umbrel")) == [march]
    assert ids(api.get("/v1/invoices", q="100%")) == [march]  # LIKE's own characters match themselves
    assert ids(api.get("/v1/invoices", q="2025-000003")) == [june]
    assert ids(api.get("/v1/invoices", q="ACME")) == [june, january]
    assert ids(api.get("/v1/invoices", q="")) == ids(api.get("/v1/invoices", q="  ")) == [june, march, january]
    assert ids(api.get("/v1/invoices", issued_from="2025-03-01")) == [june, march]
    assert ids(api.get("/v1/invoices", issued_to="2025-03-01")) == [march, january]
    assert ids(api.get("/v1/invoices", issued_from="2025-03-02", issued_to="2025-05-31")) == []
    assert ids(api.get("/v1/invoices", due_after="2025-03-31", due_before="2025-07-01")) == [june, march]
    assert ids(api.get("/v1/invoices", due_before="2025-02-10")) == [january]
    assert ids(api.get("/v1/invoices", q="acme", issued_from="2025-02-01")) == [june]
    assert ids(api.get("/v1/invoices", q="acme", limit=1, starting_after=june)) == [january]
    assert ids(api.get("/v1/invoices", status="open")) == []


def test_bad_invoice_filters_are_400_naming_the_parameter(api, make_invoice):
    make_invoice()
    for param in ("due_before", "due_after", "issued_from", "issued_to"):
        for value in ("2025-13-01", "yesterday", "", "2025-1-1", "99999-01-01"):
            response = api.get("/v1/invoices", **{param: value})
            assert response.status_code == 400, (param, value)
            assert response.get_json()["error"]["param"] == param, (param, value)
    response = api.get("/v1/invoices", q="x" * 201)
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "q"
