"""Invoice numbers ``{PREFIX}-{YEAR}-{COUNTER:06d}``: a counter row per company and year,
incremented inside the invoice's own transaction (the row lock serialises writers), never
``MAX()+1``. A unique constraint on (company, number) backs it up."""
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Company, InvoiceCounter


def _insert_counter_row(company_pk: int, year: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(InvoiceCounter).values(company_pk=company_pk, year=year, value=0)
    db.session.execute(statement.on_conflict_do_nothing())


def next_number(company: Company, year: int) -> str:
    _insert_counter_row(company.pk, year)
    value = db.session.execute(
        update(InvoiceCounter)
        .where(InvoiceCounter.company_pk == company.pk, InvoiceCounter.year == year)
        .values(value=InvoiceCounter.value + 1)
        .returning(InvoiceCounter.value)
    ).scalar_one()
    return f"{company.invoice_prefix}-{year}-{value:06d}"
