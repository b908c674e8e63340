"""Shared fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), rolled back after every test (emptied after a test marked
``commits``), plus factories and a login helper."""
import contextlib
import os
import tempfile
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import current_app
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import orm, text

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


class _JoinedSession(FlaskSession):
    """The app's session class, on the test's own connection in the test app's contexts (another
    app built by a test keeps its engine): Flask-SQLAlchemy's ``get_bind`` would pick the engine
    whatever the session is bound to."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and current_app._get_current_object() is self.info["app"]:
            return self.bind
        return super().get_bind(mapper, clause, bind, **kwargs)

    def connection(self, bind_arguments=None, execution_options=None):
        # The outer transaction is under way: its isolation level (REPEATABLE READ on
        # PostgreSQL, what read_one_snapshot asks for) cannot change inside it.
        return super().connection(bind_arguments)


def _rolled_back(app):
    """Every session of the test runs in a savepoint of one outer transaction on one
    connection, rolled back at the end: a commit in the code under test releases a savepoint."""
    connection = _db.engine.connect()
    if connection.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    outer = connection.begin()
    app_session = _db.session
    factory = orm.sessionmaker(class_=_JoinedSession, db=_db, bind=connection, info={"app": app}, query_cls=_db.Query,
                                  join_transaction_mode="create_savepoint")
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


# Migration tests (tests/test_migration_*.py): a database of their own at an old revision, and rows
# written there with plain SQL as that revision stored them (today's models do not fit its schema).

@contextlib.contextmanager
def _database_at(app, revision: str):
    from tests.security.helpers import other_app  # it imports this module

    url, schema = app.config["SQLALCHEMY_DATABASE_URI"], f"migration_{revision}"
    postgres = url.startswith("postgresql")
    if postgres:
        with app.app_context(), _db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    else:
        path = os.path.join(app.instance_path, f"{schema}.db")
        if os.path.exists(path):
            os.remove(path)
        url, options = "sqlite:///" + path, {}
    try:
        with other_app(app, SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options) as old, old.app_context():
            upgrade(revision=revision)
            yield old
    finally:
        if postgres:
            with app.app_context(), _db.engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


@pytest.fixture()
def database_at(app):
    """``database_at(revision)``: an app on a database of its own (a file on SQLite, a schema of the
    test database on PostgreSQL) migrated up to ``revision``; the rest of the test runs in its
    context (``flask_migrate.upgrade()`` goes on from there). Dropped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda revision: stack.enter_context(_database_at(app, revision))


class OldRows:
    """Rows inserted with plain SQL into the current app's database, as an old revision stored them."""
    NOW = datetime(2025, 1, 1)

    def insert(self, table: str, **values):
        types = {name: sa.DateTime() if isinstance(value, datetime) else sa.Numeric(20, 4)
                 for name, value in values.items() if isinstance(value, (datetime, Decimal))}
        columns = [sa.column(name, types.get(name)) for name in values]
        return _db.session.execute(sa.table(table, *columns).insert().values(**values))

    def company(self, pk: int, name: str, timezone: str):
        """Company ``pk`` and its customer ``pk``."""
        self.insert("companies", pk=pk, id=f"com_{pk:012d}", name=name, currency="EUR", invoice_prefix="INV",
                    timezone=timezone, locale="de_DE", created_at=self.NOW, updated_at=self.NOW)
        self.insert("customers", pk=pk, id=f"cus_{pk:012d}", company_pk=pk, name="Client", slug=f"client-{pk}",
                    country="DE", currency="EUR", status="active", created_at=self.NOW, updated_at=self.NOW)

    def invoice(self, pk: int, company_pk: int, status: str, net, paid=0, refunded=0, sent=True, cancelled_at=None):
        """Invoice ``pk`` (one item of ``net``, 16 % tax) to the company's customer, and its payment of
        ``paid``; returns its total."""
        net = Decimal(net)
        tax = (net * Decimal("0.16")).quantize(Decimal("0.01"))
        total, zero = net + tax, Decimal(0)
        self.insert("invoices", pk=pk, id=f"inv_{pk:012d}", company_pk=company_pk, customer_pk=company_pk,
                    invoice_number=f"INV-2025-{pk:06d}", status=status, issue_date=date(2025, 1, 10),
                    due_date=date(2025, 2, 10), currency="EUR", tax_rate=Decimal(16), discount_value=zero,
                    subtotal=net, discount_amount=zero, subtotal_after_discount=net, tax_amount=tax, total=total,
                    amount_paid=Decimal(paid), amount_refunded=Decimal(refunded), amount_due=total - Decimal(paid),
                    public_token=f"token-{pk}-" + "x" * 40, sent_at=self.NOW if sent else None,
                    cancelled_at=cancelled_at, created_at=self.NOW, updated_at=self.NOW)
        self.insert("invoice_items", pk=pk, id=f"di_{pk:012d}", invoice_pk=pk, item_name="Work", quantity=Decimal(1),
                    unit_price=net, subtotal=net, total=net, sort_order=0)
        if paid:
            self.insert("payments", id=f"pay_{pk:012d}", invoice_pk=pk, company_pk=company_pk, currency="EUR",
                        amount=Decimal(paid), paid_at=date(2025, 1, 20), created_at=self.NOW, updated_at=self.NOW)
        return total


@pytest.fixture()
def old_rows():
    return OldRows()
