"""Issue 2, item 9: invoices for ONE company created by at least 8 concurrent workers get
numbers with no duplicates and no gaps. The point is PostgreSQL (a counter row locked in
the invoice's own transaction, plus a unique constraint); SQLite runs it too."""
from tests.reliability.test_concurrency import creations
from tests.reliability.workers import is_postgres


def test_numbers_of_one_company_from_8_workers(app, make_account, figure):
    total = 400 if is_postgres(app) else 160
    creations(app, make_account, figure, total=total, workers=8, companies=1, name="numbering-one-company")
