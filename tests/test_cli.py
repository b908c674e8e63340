"""The command-line tools: last lines are machine-readable, bad input changes nothing."""
from sqlalchemy import func, select

from app.models import Company, Invoice, User
from app.services import accounts


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_account_prints_company_id_last(app, db):
    result = run(app, "create-account", "--email", "cli@example.com", "--password", "long enough", "--company", "CLI Co")
    assert result.exit_code == 0, result.output
    company_id = result.output.strip().splitlines()[-1]
    assert db.session.scalar(select(Company.name).where(Company.id == company_id)) == "CLI Co"


def test_create_account_takes_the_company_settings(app, db):
    result = run(app, "create-account", "--email", "eu@example.com", "--password", "long enough", "--company", "EU Co",
                 "--currency", "EUR", "--country", "IE", "--timezone", "Europe/Dublin", "--locale", "en_IE")
    assert result.exit_code == 0, result.output
    company = db.session.scalars(select(Company).where(Company.id == result.output.strip().splitlines()[-1])).one()
    assert (company.currency, company.country, company.timezone, company.locale) == ("EUR", "IE", "Europe/Dublin", "en_IE")
    result = run(app, "create-account", "--email", "x@example.com", "--password", "long enough", "--company", "X",
                 "--timezone", "Europe/Nowhere")
    assert result.exit_code != 0 and "timezone" in result.output


def test_create_account_bad_input_changes_nothing(app, db):
    result = run(app, "create-account", "--email", "nope", "--password", "x", "--company", "")
    assert result.exit_code != 0
    assert "email" in result.output and "password" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_api_key_prints_key_last(app, actor):
    result = run(app, "create-api-key", "--email", actor.user.email, "--name", "deploy")
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    assert raw.startswith("sk_live_") and accounts.find_api_key(raw).user_pk == actor.user.pk
    assert run(app, "create-api-key", "--email", "ghost@example.com").exit_code != 0


def test_seed_demo_and_mark_overdue(app, db):
    result = run(app, "seed-demo", "--customers", "3", "--invoices", "12")
    assert result.exit_code == 0, result.output
    company_id = result.output.strip().splitlines()[-1]
    company = db.session.scalar(select(Company).where(Company.id == company_id))
    numbers = db.session.scalars(select(Invoice.invoice_number).where(Invoice.company_pk == company.pk)).all()
    assert len(numbers) == len(set(numbers)) == 12
    result = run(app, "mark-overdue")
    assert result.exit_code == 0 and "marked overdue" in result.output
    assert run(app, "seed-demo", "--customers", "0").exit_code != 0
