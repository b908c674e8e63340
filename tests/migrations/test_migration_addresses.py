"""Migration 0009c on rows written before it: the free-text addresses of companies and
customers move into two address lines without loss (first line, then the others joined by
", "), the customer's zipcode becomes postal_code, invoices sent before it get their seller's
snapshot (drafts do not), and downgrading joins the lines back.

Runs on its own throwaway database: SQLite, and a schema of its own on PostgreSQL when
TEST_DATABASE_URL is set."""
import json
import os
import tempfile
import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db
from app.services.addresses import split_free_text

NOW = "2026-01-01 00:00:00+00:00"
COMPANY_ADDRESSES = {
    1: "1 Main Street\nSpringfield, IL",
    2: "  Hauptstraße 1 \r\n\r\n10115 Berlin\nGermany  ",
    3: "One line only",
    4: None,
    5: "\n\n",
}
CUSTOMER_ADDRESSES = {
    1: ("500 Market St\nSuite 300\nFloor 2", "94105"),
    2: ("x" * 450, None),  # longer than a new line may be: kept whole
    3: (None, "75002"),
}


def _databases():
    yield "sqlite"
    if os.environ.get("TEST_DATABASE_URL"):
        yield "postgresql"


@pytest.fixture(params=list(_databases()))
def old_database(request):
    """An app on an empty database of its own, migrated up to 0008."""
    schema = None
    if request.param == "sqlite":
        url = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="corebill-mig-"), "old.db")
    else:
        base = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
        schema = "mig_" + uuid.uuid4().hex[:8]
        with create_engine(base).begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"
    application = create_app({"TESTING": True, "INSTANCE_PATH": tempfile.mkdtemp(prefix="corebill-mig-"),
                              "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with application.app_context():
        upgrade(revision="0008")
        yield application
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(base).begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def _insert_old_rows():
    with db.engine.begin() as connection:
        for pk, address in COMPANY_ADDRESSES.items():
            connection.execute(text(
                "INSERT INTO companies (pk, id, name, address, currency, invoice_prefix, timezone, locale, "
                "created_at, updated_at) VALUES (:pk, :id, :name, :address, 'USD', 'INV', 'UTC', 'en_US', :now, :now)"),
                {"pk": pk, "id": f"com_{pk:012d}", "name": f"Company {pk}", "address": address, "now": NOW})
        for pk, (address, zipcode) in CUSTOMER_ADDRESSES.items():
            connection.execute(text(
                "INSERT INTO customers (pk, id, company_pk, name, slug, country, currency, status, legal_address, "
                "zipcode, created_at, updated_at) VALUES (:pk, :id, 1, :name, :slug, 'US', 'USD', 'active', "
                ":address, :zipcode, :now, :now)"),
                {"pk": pk, "id": f"cus_{pk:012d}", "name": f"Customer {pk}", "slug": f"customer-{pk}",
                 "address": address, "zipcode": zipcode, "now": NOW})
        for pk, sent_at in ((1, NOW), (2, None)):  # a sent invoice and a draft of company 1
            connection.execute(text(
                "INSERT INTO invoices (pk, id, company_pk, customer_pk, invoice_number, status, issue_date, due_date, "
                "currency, tax_rate, discount_value, subtotal, discount_amount, subtotal_after_discount, tax_amount, "
                "total, amount_paid, amount_refunded, amount_due, public_token, sent_at, created_at, updated_at) "
                "VALUES (:pk, :id, 1, 1, :number, :status, '2025-04-15', '2025-05-15', 'USD', 0, 0, 0, 0, 0, 0, 0, 0, "
                "0, 0, :token, :sent_at, :now, :now)"),
                {"pk": pk, "id": f"inv_{pk:012d}", "number": f"INV-2025-{pk:06d}", "token": f"token{pk}",
                 "status": "sent" if sent_at else "draft", "sent_at": sent_at, "now": NOW})


def _rows(query):
    with db.engine.connect() as connection:
        return {row[0]: tuple(row[1:]) for row in connection.execute(text(query))}


def test_free_text_addresses_move_into_two_lines_and_back(old_database):
    _insert_old_rows()
    upgrade(revision="0009c")

    companies = _rows("SELECT pk, address_line1, address_line2, city, postal_code, region FROM companies")
    assert companies == {
        1: ("1 Main Street", "Springfield, IL", None, None, None),
        2: ("Hauptstraße 1", "10115 Berlin, Germany", None, None, None),
        3: ("One line only", None, None, None, None),
        4: (None, None, None, None, None),
        5: (None, None, None, None, None),
    }
    customers = _rows("SELECT pk, address_line1, address_line2, postal_code, region, buyer_reference FROM customers")
    assert customers == {
        1: ("500 Market St", "Suite 300, Floor 2", "94105", None, None),
        2: ("x" * 450, None, None, None, None),
        3: (None, None, "75002", None, None),
    }
    with db.engine.connect() as connection:
        snapshots = dict(connection.execute(text("SELECT pk, seller_snapshot FROM invoices")).all())
    sent = snapshots[1] if isinstance(snapshots[1], dict) else json.loads(snapshots[1])
    assert sent == {"name": "Company 1", "legal_name": None, "address_line1": "1 Main Street",
                    "address_line2": "Springfield, IL", "city": None, "postal_code": None, "region": None,
                    "country": None, "vat_id": None, "email": None}
    assert snapshots[2] is None  # a draft shows the live company until it is sent
    # The migration's rule is the one the services apply to a free-text address sent today.
    assert all(companies[pk][:2] == split_free_text(address) for pk, address in COMPANY_ADDRESSES.items())
    assert all(customers[pk][:2] == split_free_text(address) for pk, (address, _) in CUSTOMER_ADDRESSES.items())

    downgrade(revision="0008")
    assert _rows("SELECT pk, address FROM companies") == {
        1: ("1 Main Street\nSpringfield, IL",), 2: ("Hauptstraße 1\n10115 Berlin, Germany",),
        3: ("One line only",), 4: (None,), 5: (None,)}
    assert _rows("SELECT pk, legal_address, zipcode FROM customers") == {
        1: ("500 Market St\nSuite 300, Floor 2", "94105"), 2: ("x" * 450, None), 3: (None, "75002")}
