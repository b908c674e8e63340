"""Document numbers ``{PREFIX}-{YEAR}-{COUNTER:06d}``: a counter row per company, kind of
document and year, incremented inside the document's own transaction (the row lock
serialises writers), never ``MAX()+1``. A unique constraint on (company, number) backs it up.

Each kind numbers on its own (DESIGN §5 invoices, §11 credit notes, §12 quotes) with the
company's prefix for it: the number series and prefix settings are the document types'
(app/document_types.py)."""
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app import document_types
from app.extensions import db
from app.models import Company, InvoiceCounter
from app.services import tenancy

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"
QUOTE = "quote"


def prefix_fields() -> dict[str, str]:
    """Each number series and the company setting holding its prefix."""
    return {found.numbering.series: found.numbering.setting for found in document_types.numbered()}


def _insert_counter_row(company_pk: int, year: int, kind: str) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(InvoiceCounter).values(company_pk=company_pk, kind=kind, year=year, value=0)
    db.session.execute(statement.on_conflict_do_nothing())


def reserve(company: Company, year: int, count: int = 1, *, kind: str = INVOICE) -> int:
    """Take ``count`` consecutive counter values of ``kind`` and ``year`` in the current
    transaction; returns the first (bulk seeding reserves a block, a document one)."""
    assert kind in prefix_fields(), kind
    _insert_counter_row(company.pk, year, kind)
    last = db.session.execute(
        update(InvoiceCounter)
        .where(tenancy.scoped(InvoiceCounter, company).whereclause, InvoiceCounter.kind == kind,
               InvoiceCounter.year == year)
        .values(value=InvoiceCounter.value + count)
        .returning(InvoiceCounter.value)
    ).scalar_one()
    return last - count + 1


def format_number(company: Company, year: int, value: int, *, kind: str = INVOICE) -> str:
    return f"{getattr(company, prefix_fields()[kind])}-{year}-{value:06d}"


def next_number(company: Company, year: int, *, kind: str = INVOICE) -> str:
    return format_number(company, year, reserve(company, year, kind=kind), kind=kind)
