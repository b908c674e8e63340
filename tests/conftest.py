"""Shared fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), rolled back after every test (emptied after a test marked
``commits``), plus factories and a login helper."""
import os
import tempfile
import uuid

import pytest
from flask import current_app
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import orm, text

from app import create_app
from app.extensions import db as _db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.jobs import queue
from app.quotes import lifecycle as quote_lifecycle
from app.quotes import service as quotes
from app.recurring import service as recurring
from app.services import accounts, customers, reminders, tax_rates, transaction
from app.services.tenancy import Actor
from tests.support import figures
from tests.support.api import ApiClient
from tests.support.data import BUYER_FIELDS, PASSWORD, RECURRING_ITEMS, REMINDER_STEPS, SEED_ITEMS, SELLER_FIELDS
from tests.support.fakes import Deliveries, no_mail
from tests.support.members import join


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

# FIGURE lines (tests/support/figures.py) printed at the end of the run, one section per
# folder (the races of one document type sit in its folder). The hooks live here: under
# pytest-xdist the controller loads only this conftest.
FIGURE_SECTIONS = ((("tests/security/",), "security figures"),
                   (("tests/reliability/", "tests/quotes/test_quote_races.py",
                     "tests/credit_notes/test_credit_note_races.py"), "reliability figures"),
                   (("tests/api/",), "API figures"), (("tests/einvoice/",), "E-invoice figures"),
                   (("tests/online_payments/",), "online payment figures"), (("tests/browser/",), "browser figures"))


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


class _JoinedSession(FlaskSession):
    """The app's session class, on the test's own connection in the test app's contexts (another
    app built by a test keeps its engine): Flask-SQLAlchemy's ``get_bind`` would pick the engine
    whatever the session is bound to."""

    def _in_test_app(self) -> bool:
        return current_app._get_current_object() is self.info["app"]

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and self._in_test_app():
            return self.bind
        return super().get_bind(mapper, clause, bind, **kwargs)

    def connection(self, bind_arguments=None, execution_options=None):
        if self._in_test_app():
            # The outer transaction is under way: its isolation level (REPEATABLE READ on
            # PostgreSQL, what read_one_snapshot asks for) cannot change inside it.
            execution_options = None
        return super().connection(bind_arguments, execution_options)


def _rolled_back(app):
    """Every session of the test runs in a savepoint of one outer transaction on one
    connection, rolled back at the end: a commit in the code under test releases a savepoint."""
    connection = _db.engine.connect()
    if connection.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    outer = connection.begin()
    app_session = _db.session
    factory = orm.sessionmaker(class_=_JoinedSession, db=_db, bind=connection, info={"app": app},
                               query_cls=_db.Query, join_transaction_mode="create_savepoint")
    _db.session = orm.scoped_session(factory, scopefunc=_app_ctx_id)
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = app_session
        outer.rollback()
        connection.close()


def _emptied():
    """Real commits (other connections, threads or processes read them); every table is
    emptied after the test."""
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
def db(app, request):
    """The database, rolled back after the test; a test marked ``commits`` commits for real
    and finds every table emptied afterwards."""
    with app.app_context():
        yield from (_emptied() if request.node.get_closest_marker("commits") else _rolled_back(app))


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


@pytest.fixture()
def actor(make_account):
    return make_account()


def _created(create, who, defaults: dict, fields: dict):
    """What ``create(who, data)`` makes of ``defaults`` with ``fields`` over them, committed."""
    with transaction():
        return create(who, {**defaults, **fields})


@pytest.fixture()
def make_customer(actor):
    def make(who=None, **fields):
        return _created(customers.create_customer, who or actor,
                        {"name": "Acme Corp", "country": "US", "email": "billing@acme.example.com"}, fields)
    return make


@pytest.fixture()
def make_invoice(actor, make_customer):
    def make(who=None, customer=None, **fields):
        who = who or actor
        customer = customer or make_customer(who)
        return _created(invoices.create_invoice, who, {
            "customer_id": customer.id, "issue_date": "2025-04-15", "due_date": "2025-05-15", "tax_rate": 16,
            "discount_type": "percentage", "discount_value": 10, "items": [dict(item) for item in SEED_ITEMS]}, fields)
    return make


@pytest.fixture()
def login(client):
    def do_login(email, password=PASSWORD):
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response
    return do_login


@pytest.fixture()
def owner(actor, login):
    """The default admin, logged in."""
    login(actor.user.email)
    return actor


@pytest.fixture()
def member_of(db):
    """A member (role member) of ``company`` with their own login."""
    def make(company, email="member@example.com"):
        with transaction():
            user = accounts.create_user(email, "correct horse battery", "Mo Member")
            from app.models import Membership
            db.session.add(Membership(user=user, company_pk=company.pk, role="member"))
        return Actor(company=company, role="member", user=user)
    return make


@pytest.fixture()
def make_quote(actor, make_customer):
    """``make_quote(who=None, customer=None, status="draft", **fields)``: a quote, then sent, viewed
    or accepted as ``status`` says."""
    def make(who=None, customer=None, status="draft", **fields):
        who = who or actor
        customer = customer or make_customer(who)
        quote = _created(quotes.create_quote, who, {
            "customer_id": customer.id, "issue_date": "2025-04-15", "expiry_date": "2099-05-15", "tax_rate": 16,
            "discount_type": "percentage", "discount_value": 10, "items": [dict(item) for item in SEED_ITEMS],
            "terms": "Valid for 30 days", "notes": "Thanks"}, fields)
        if status != "draft":
            with transaction():
                quote_lifecycle.send_quote(who, quote.id, Deliveries())
        if status == "viewed":
            with transaction():
                quote_lifecycle.record_public_view(quote)
        if status == "accepted":
            with transaction():
                quote_lifecycle.accept_quote(who, quote.id, {"accepted_by": "Jane Client"})
        return quote
    return make


@pytest.fixture()
def make_recurring(db):
    """``make_recurring(actor, customer, **fields)``: a monthly recurring invoice from 2027-01-31."""
    def make(actor, customer, **fields):
        return _created(recurring.create_recurring, actor, {
            "customer_id": customer.id, "interval": "month", "start_date": "2027-01-31", "items": RECURRING_ITEMS,
            "tax_rate": 19, "notes": "Thank you", "payment_terms": "Net 14"}, fields)
    return make


@pytest.fixture()
def switch_on(db):
    """``switch_on(actor, steps=REMINDER_STEPS)``: the company sends reminders at these steps."""
    def switch(actor, steps=REMINDER_STEPS):
        with transaction():
            reminders.update_settings(actor, {"reminders_enabled": True, "reminder_steps": steps})
    return switch


@pytest.fixture()
def make_sent_invoice(make_invoice):
    """``make_sent_invoice(actor, due_date="2025-05-15", **fields)``: an invoice issued 2025-04-15,
    sent (no mail)."""
    def make(actor, due_date="2025-05-15", **fields):
        invoice = make_invoice(who=actor, issue_date="2025-04-15", due_date=due_date, **fields)
        with transaction():
            return lifecycle.send_invoice(actor, invoice.id, deliver=no_mail)
    return make


@pytest.fixture()
def sent_invoice(actor, make_invoice):
    """A sent invoice of the default admin (no mail), due 2099-01-01."""
    invoice = make_invoice(due_date="2099-01-01")
    with transaction():
        lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)
    return invoice


@pytest.fixture()
def make_rate(db):
    """``make_rate(actor, name, percentage, **more)``: a tax rate of the company; returns its id."""
    def make(actor, name, percentage, **more):
        with transaction():
            return tax_rates.create_tax_rate(actor, {"name": name, "percentage": percentage, **more}).id
    return make


@pytest.fixture()
def seller(actor):
    """The default admin's company, with everything the e-invoice formats need (a German seller)."""
    with transaction():
        accounts.update_company(actor, SELLER_FIELDS)
    return actor


@pytest.fixture()
def ready_invoice(seller, make_customer, make_invoice):
    """``ready_invoice(**fields)``: an invoice of ``seller`` to a French buyer, ready for e-invoicing."""
    customer = make_customer(**BUYER_FIELDS)

    def make(**fields):
        data = {"currency": "EUR", "notes": f"marker {uuid.uuid4().hex}", "due_date": "2099-01-01", **fields}
        return make_invoice(customer=customer, **data)
    return make


@pytest.fixture()
def make_key(db):
    def make(who):
        with transaction():
            _, raw = accounts.create_api_key(who.user, "tests")
        return raw
    return make


@pytest.fixture()
def api_for(client, make_key):
    """``api_for(actor)``: an API client sending the actor's new key and company_id."""
    def make(who):
        return ApiClient(client, make_key(who), who.company.id)
    return make


@pytest.fixture()
def api(actor, api_for):
    return api_for(actor)


@pytest.fixture()
def member(actor, make_account):
    """A second user who is a plain member of ``actor``'s company."""
    other = make_account(email="member@example.com", company="Member's own")
    return join(actor, other.user, "member")


@pytest.fixture()
def figure(request):
    """``figure("tenant-isolation", "412 attempts, 0 reads")`` records one FIGURE line
    (tests/support/figures.py prints them at the end of the run)."""
    def record(name: str, text: str) -> str:
        line = f"FIGURE {name}: {text}"
        request.node.user_properties.append(("figure", line))
        print(line)
        return line
    return record


@pytest.fixture()
def tasks(app, monkeypatch):
    """The worker module, its queue in the test app's instance folder."""
    monkeypatch.setenv("INSTANCE_PATH", app.instance_path)
    monkeypatch.delenv("REDIS_URL", raising=False)
    from app.jobs import tasks as module

    assert module.huey.storage.filename == os.path.join(app.instance_path, queue.QUEUE_FILE)
    return module
