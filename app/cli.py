"""Command-line tools: ``flask --app wsgi create-account|create-api-key|seed-demo|mark-overdue``."""
from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import click
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import Company
from app.services import accounts, customers, invoices, lifecycle, transaction
from app.services.errors import ServiceError
from app.services.tenancy import Actor, today_for


def _fail(error: ServiceError) -> None:
    details = getattr(error, "errors", None) or {error.param or "error": error.message}
    raise click.ClickException("; ".join(f"{field}: {message}" for field, message in details.items()))


@click.command("create-account")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--company", "company_name", required=True)
@click.option("--name", default=None)
def create_account(email, password, company_name, name):
    """Create a user and their first company; the last line is the company id."""
    try:
        with transaction():
            user, company = accounts.register(email, password, company_name, name)
    except ServiceError as error:
        _fail(error)
    click.echo(f"Created {user.email} ({user.id}), admin of {company.name}.")
    click.echo(company.id)


@click.command("create-api-key")
@click.option("--email", required=True)
@click.option("--name", default=None)
def create_api_key(email, name):
    """Create an API key for a user; the last line is the key, shown only this once."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account uses the email {email!r}.")
    try:
        with transaction():
            key, raw = accounts.create_api_key(user, name)
    except ServiceError as error:
        _fail(error)
    click.echo(f"Created API key {key.id} for {user.email}. Store it now: it is not shown again.")
    click.echo(raw)


@click.command("mark-overdue")
def mark_overdue():
    """Store 'overdue' on every past-due invoice of every company."""
    total = 0
    for company in db.session.scalars(select(Company)).all():
        with transaction():
            total += lifecycle.mark_overdue(company)
    click.echo(f"{total} invoice(s) marked overdue.")


CLIENTS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell", "Soylent",
           "Cyberdyne", "Aperture", "Gringotts", "Monarch", "Vandelay", "Pied Piper", "Dunder", "Prestige")
KINDS = ("Studio", "Labs", "Industries", "Partners", "Bakery", "Consulting", "Logistics", "Dental", "Media")
SERVICES = (("Web development", "hour", "95"), ("Design review", "hour", "120"), ("Hosting", "month", "49.90"),
            ("Support plan", "month", "250"), ("Workshop", "day", "1200"), ("Copywriting", "page", "85.50"),
            ("Photography", "session", "640"), ("Consulting", "hour", "150"), ("Licence", "seat", "19.99"))
COUNTRIES = ("US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "AU", "IE")


def _demo_company(company_id: str | None) -> Company:
    if company_id:
        company = db.session.scalars(select(Company).where(Company.id == company_id)).first()
        if company is None:
            raise click.ClickException(f"No such company: {company_id!r}.")
        return company
    suffix = random.randrange(10**6)
    with transaction():
        _, company = accounts.register(f"demo{suffix}@example.com", "demo-password", "Demo Company")
    click.echo(f"Created demo account demo{suffix}@example.com / demo-password")
    return company


@click.command("seed-demo")
@click.option("--customers", "n_customers", type=click.IntRange(1, 100_000), default=20)
@click.option("--invoices", "n_invoices", type=click.IntRange(0, 10_000_000), default=100)
@click.option("--company-id", default=None)
@click.option("--seed", type=int, default=None, help="Random seed, for repeatable data.")
def seed_demo(n_customers, n_invoices, company_id, seed):
    """Realistic demo data: customers, then invoices in every status over the last two years."""
    rng = random.Random(seed)
    company = _demo_company(company_id)
    actor = Actor.system(company)
    today = today_for(company)
    ids = []
    with click.progressbar(range(n_customers), label="Customers") as bar, transaction():
        for index in bar:
            name = f"{rng.choice(CLIENTS)} {rng.choice(KINDS)} {index + 1}"
            ids.append(customers.create_customer(actor, {
                "name": name, "country": rng.choice(COUNTRIES),
                "email": f"billing{index + 1}@example.com", "city": "Springfield"}).id)
    with click.progressbar(range(n_invoices), label="Invoices") as bar:
        for index in bar:
            with transaction():
                _demo_invoice(actor, rng, rng.choice(ids), today)
    click.echo(f"Seeded {n_customers} customers and {n_invoices} invoices into {company.name} ({company.id}).")
    click.echo(company.id)


def _demo_invoice(actor: Actor, rng: random.Random, customer_id: str, today) -> None:
    issue = today - timedelta(days=rng.randrange(0, 730))
    items = [{"name": name, "unit": unit, "unit_price": price, "quantity": rng.randrange(1, 40)}
             for name, unit, price in rng.sample(SERVICES, rng.randrange(1, 5))]
    invoice = invoices.create_invoice(actor, {
        "customer_id": customer_id, "issue_date": issue, "due_date": issue + timedelta(days=30),
        "tax_rate": rng.choice((0, 7, 16, 20)), "items": items, "payment_terms": "Net 30"})
    roll = rng.random()
    if roll < 0.1:
        return
    lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)
    if roll < 0.6:
        lifecycle.record_payment(actor, invoice.id, {"amount": invoice.amount_due,
                                                     "paid_at": min(today, issue + timedelta(days=rng.randrange(1, 45)))})
    elif roll < 0.75:
        half = (invoice.amount_due / 2).quantize(Decimal("0.01"))
        lifecycle.record_payment(actor, invoice.id, {"amount": half})
    elif roll < 0.8:
        lifecycle.cancel_invoice(actor, invoice.id, "Issued by mistake")


def register_commands(app: Flask) -> None:
    for command in (create_account, create_api_key, mark_overdue, seed_demo):
        app.cli.add_command(command)

