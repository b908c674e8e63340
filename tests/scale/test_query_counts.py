"""No N+1: the number of SQL statements behind a list does not grow with the rows shown.

Each list is fetched once with few rows and once with many (seeded in bulk with items,
payments and refunds), counting statements with SQLAlchemy's ``before_cursor_execute``."""
import random

import pytest
from sqlalchemy import func, select

from app import seed
from app.extensions import db as _db
from app.models import Customer, Invoice
from app.services import accounts, transaction
from app.services.tenancy import today_for
from tests.support.statements import fresh_request, statements_for


def _seed(actor, invoices):
    seed.seed(actor.company, 3, invoices, today=today_for(actor.company), rng=random.Random(invoices), years=1)


def _busiest_customer(company) -> str:
    busiest = (select(Invoice.customer_pk).where(Invoice.company_pk == company.pk)
               .group_by(Invoice.customer_pk).order_by(func.count().desc()).limit(1)).scalar_subquery()
    return _db.session.scalar(select(Customer.id).where(Customer.pk == busiest))


@pytest.fixture()
def api_headers(actor):
    with transaction():
        _, raw = accounts.create_api_key(actor.user, "count")
    return {"Authorization": f"Bearer {raw}"}


def test_api_invoice_list_does_not_grow_with_rows(client, actor, api_headers):
    _seed(actor, 60)
    base = f"/v1/invoices?company_id={actor.company.id}"
    few = statements_for(client, base + "&limit=5", headers=api_headers)
    many_response = client.get(base + "&limit=50", headers=api_headers).get_json()
    assert len(many_response["data"]) == 50
    assert all(row["items"] for row in many_response["data"]) and any(row["payments"] for row in many_response["data"])
    many = statements_for(client, base + "&limit=50", headers=api_headers)
    # The key with its role; the page; its items, payments, refunds and credit notes (each asked
    # for only when a row of the page can have some).
    assert few <= many <= 6, (few, many)
    assert statements_for(client, base + "&limit=60", headers=api_headers) == many
    customer = _busiest_customer(actor.company)
    filtered_few = statements_for(client, base + f"&limit=5&customer_id={customer}", headers=api_headers)
    filtered_many = statements_for(client, base + f"&limit=50&customer_id={customer}", headers=api_headers)
    assert filtered_few <= filtered_many <= 6


def test_api_customer_list_does_not_grow_with_rows(client, actor, api_headers):
    seed.seed_customers(actor.company, 60, random.Random(1))
    base = f"/v1/customers?company_id={actor.company.id}"
    assert statements_for(client, base + "&limit=5", headers=api_headers) == \
        statements_for(client, base + "&limit=50", headers=api_headers)


@pytest.mark.parametrize("path", ["/invoices", "/invoices?paid_from=2000-01-01", "/customers", "/", "customer"])
def test_dashboard_lists_do_not_grow_with_rows(app, db, make_account, path):
    counts = []
    for index, invoices in enumerate((5, 50)):
        actor = make_account(email=f"count{index}@example.com")
        _seed(actor, invoices)
        client = app.test_client()
        fresh_request()
        response = client.post("/login", data={"email": actor.user.email, "password": "correct horse battery"})
        assert response.status_code == 302
        url = f"/customers/{_busiest_customer(actor.company)}" if path == "customer" else path
        counts.append(statements_for(client, url))
    assert counts[0] == counts[1], counts


def test_api_invoice_retrieve_reads_items_with_the_invoice(client, actor, api_headers):
    _seed(actor, 10)
    paid = _db.session.scalar(select(Invoice.id).where(Invoice.company_pk == actor.company.pk,
                                                       Invoice.amount_paid > 0, Invoice.amount_refunded == 0))
    response = client.get(f"/v1/invoices/{paid}?company_id={actor.company.id}", headers=api_headers).get_json()
    assert response["data"]["items"] and response["data"]["payments"]
    # the key with its role; the invoice with its customer and items; its payments
    assert statements_for(client, f"/v1/invoices/{paid}?company_id={actor.company.id}", headers=api_headers) == 3
