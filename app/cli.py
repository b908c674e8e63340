"""Command-line tools: ``flask --app wsgi create-account|create-api-key|seed-demo|mark-overdue|run-due``."""
from __future__ import annotations

import random
import time
from datetime import datetime, timezone

import click
from flask import Flask
from sqlalchemy import select

from app import seed as demo_seed
from app.extensions import db
from app.invoices import lifecycle
from app.jobs import due
from app.models import Company
from app.services import accounts, transaction
from app.services.errors import ServiceError
from app.services.tenancy import today_for


def _fail(error: ServiceError) -> None:
    details = getattr(error, "errors", None) or {error.param or "error": error.message}
    raise click.ClickException("; ".join(f"{field}: {message}" for field, message in details.items()))


@click.command("create-account")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--company", "company_name", required=True)
@click.option("--name", default=None)
@click.option("--currency", default=None, help="ISO 4217 code (default USD).")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code.")
@click.option("--timezone", default=None, help="IANA name, such as Europe/Paris (default UTC).")
@click.option("--locale", default=None, help="How amounts and dates are written, such as de_DE (default en_US).")
def create_account(email, password, company_name, name, **settings):
    """Create a user and their first company; the last line is the company id."""
    try:
        with transaction():
            user, company = accounts.register(email, password, company_name, name, **settings)
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


@click.command("run-due")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this day (default: each company's today, in its timezone).")
@click.option("--now", "now", default=None, metavar="DATETIME",
              help="Act as if it were this moment, e.g. 2026-12-07T10:00:00Z (webhook attempts due by then; "
                   "their webhook-timestamp is this time; today is its date unless --today is given).")
def run_due(today, now):
    """Run everything that is due (recurring invoices, reminders, webhooks) once, here, and print what was done."""
    moment = None
    if now is not None:
        try:
            moment = datetime.fromisoformat(now.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise click.BadParameter(f"{now!r} is not a date and time such as 2026-12-07T10:00:00Z.",
                                     param_hint="'--now'") from None
        moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
    report = due.run_due(today.date() if today else None, now=moment)
    for line in report.lines + report.summary():
        click.echo(line)


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
@click.option("--years", type=click.IntRange(1, 20), default=4, help="How many years the invoices span.")
@click.option("--seed", type=int, default=None, help="Random seed, for repeatable data.")
def seed_demo(n_customers, n_invoices, company_id, years, seed):
    """Realistic demo data in bulk: customers, then invoices in every status over several years."""
    rng = random.Random(seed)
    company = _demo_company(company_id)
    started = time.perf_counter()
    click.echo(f"Seeding {n_customers} customers…")
    with click.progressbar(length=n_invoices, label="Invoices", show_pos=True, show_eta=True) as bar:
        result = demo_seed.seed(company, n_customers, n_invoices, today=today_for(company), rng=rng,
                                years=years, progress=bar.update)
    seconds = time.perf_counter() - started
    click.echo("Refreshing the planner's statistics (ANALYZE)…")
    demo_seed.refresh_statistics()
    click.echo(f"Seeded {result.customers} customers, {result.invoices} invoices ({result.items} items, "
               f"{result.payments} payments) into {company.name} ({company.id}) in {seconds:.1f} s "
               f"(ANALYZE {time.perf_counter() - started - seconds:.1f} s more).")
    click.echo(company.id)


def register_commands(app: Flask) -> None:
    for command in (create_account, create_api_key, mark_overdue, run_due, seed_demo):
        app.cli.add_command(command)

