"""Shared fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test, plus factories and a login helper."""
import os
import tempfile
from decimal import Decimal

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db as _db
from app.invoices import service as invoices
from app.services import accounts, customers, invitations, transaction
from app.services.tenancy import Actor
from tests.security import figures

PASSWORD = "correct horse battery"


def _worker_database() -> None:
    """Under pytest-xdist on PostgreSQL each worker gets its own database (``<name>_gw0`` …),
    created on first use; TEST_DATABASE_URL is rewritten so every test reads the same one."""
    url, worker = os.environ.get("TEST_DATABASE_URL"), os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return
    import psycopg

    base, _, name = url.rpartition("/")
    own = f"{name}_{worker}"
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (own,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{own}"')
    os.environ["TEST_DATABASE_URL"] = f"{base}/{own}"


_worker_database()

# FIGURE lines (tests/security/figures.py) printed at the end of the run, one section per
# folder. The hooks live here: under pytest-xdist the controller loads only this conftest.
FIGURE_SECTIONS = (("tests/security/", "security figures"), ("tests/reliability/", "reliability figures"),
                   ("tests/api/", "API figures"), ("tests/einvoice/", "E-invoice figures"),
                   ("tests/browser/", "browser figures"))


def pytest_runtest_logreport(report):
    figures.collect(report, "tests/")


def pytest_terminal_summary(terminalreporter):
    for folder, title in FIGURE_SECTIONS:
        figures.summary(terminalreporter, folder, title)


def test_database_url(instance: str) -> str:
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + os.path.join(instance, "test.db")


def is_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))


@pytest.fixture(scope="session")
def app():
    instance = tempfile.mkdtemp(prefix="corebill-test-")
    url = test_database_url(instance)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    application = create_app({
        "TESTING": True, "INSTANCE_PATH": instance, "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "APP_BASE_URL": "http://localhost", "MAIL_SERVER": None,
    })
    with application.app_context():
        if is_postgres():
            _db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            _db.session.commit()
        upgrade()
    yield application


@pytest.fixture()
def db(app):
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
        with _db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def make_account(db):
    counter = {"n": 0}

    def make(email=None, company="Acme Studio", password=PASSWORD, **company_fields):
        counter["n"] += 1
        email = email or f"owner{counter['n']}@example.com"
        with transaction():
            user, created = accounts.register(email, password, company)
            if company_fields:
                accounts.update_company(Actor(company=created, role="admin", user=user), company_fields)
        return Actor(company=created, role="admin", user=user)
    return make


def join(admin: Actor, user, role: str = "member") -> Actor:
    """``user`` joins ``admin``'s company the one way there is: invited (no email sent), then
    accepting."""
    with transaction():
        done = invitations.invite(admin, user.email, role, lambda invitation, raw: None)
    with transaction():
        invitations.accept(user, done.invitation.id)
    return Actor(company=admin.company, role=role, user=user)


@pytest.fixture()
def actor(make_account):
    return make_account()


@pytest.fixture()
def make_customer(actor):
    def make(who=None, **fields):
        data = {"name": "Acme Corp", "country": "US", "email": "billing@acme.example.com"}
        data.update(fields)
        with transaction():
            return customers.create_customer(who or actor, data)
    return make


SEED_ITEMS = [
    {"name": "Web Development", "description": "Full-stack web application development",
     "quantity": 40, "unit": "hour", "unit_price": 150},
    {"name": "UI/UX Design", "description": "User interface and experience design",
     "quantity": 20, "unit": "hour", "unit_price": 120},
]


@pytest.fixture()
def make_invoice(actor, make_customer):
    def make(who=None, customer=None, **fields):
        who = who or actor
        customer = customer or make_customer(who)
        data = {"customer_id": customer.id, "issue_date": "2025-04-15", "due_date": "2025-05-15",
                "tax_rate": 16, "discount_type": "percentage", "discount_value": 10,
                "items": [dict(item) for item in SEED_ITEMS]}
        data.update(fields)
        with transaction():
            return invoices.create_invoice(who, data)
    return make


@pytest.fixture()
def login(client):
    def do_login(email, password=PASSWORD):
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response
    return do_login


def D(value) -> Decimal:
    return Decimal(str(value))
