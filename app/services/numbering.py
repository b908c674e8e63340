"""Invoice numbers ``{PREFIX}-{YEAR}-{COUNTER:06d}``: a counter row per company and year,
incremented inside the invoice's own transaction (the row lock serialises writers), never
``MAX()+1``. A unique constraint on (company, number) backs it up."""
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Company, InvoiceCounter
from app.services import tenancy


def _insert_counter_row(company_pk: int, year: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(InvoiceCounter).values(company_pk=company_pk, year=year, value=0)
    db.session.execute(statement.on_conflict_do_nothing())


def reserve(company: Company, year: int, count: int = 1) -> int:
    """Take ``count`` consecutive counter values of ``year`` in the current transaction;
    returns the first (bulk seeding reserves a block, an invoice one)."""
    _insert_counter_row(company.pk, year)
    last = db.session.execute(
        update(InvoiceCounter)
        .where(tenancy.scoped(InvoiceCounter, company).whereclause, InvoiceCounter.year == year)
        .values(value=InvoiceCounter.value + count)
        .returning(InvoiceCounter.value)
    ).scalar_one()
    return last - count + 1


def format_number(company: Company, year: int, value: int) -> str:
    return f"{company.invoice_prefix}-{year}-{value:06d}"


def next_number(company: Company, year: int) -> str:
    return format_number(company, year, reserve(company, year))
