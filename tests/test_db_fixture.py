"""The ``db`` fixture: a test's commits stay in its own outer transaction (rolled back after it),
unless the test is marked ``commits``; then they are real and every table is emptied after it."""
import pytest
from sqlalchemy import func, select

from app.models import Company


def _companies(session) -> int:
    return session.execute(select(func.count()).select_from(Company)).scalar_one()


def _companies_elsewhere(db) -> int:
    """Counted on another connection of the pool, read only (no transaction of SQLAlchemy's:
    on SQLite it would begin by taking the write lock the test's transaction holds)."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT count(*) FROM companies")
        return cursor.fetchone()[0]
    finally:
        connection.rollback()
        connection.close()


def test_a_tests_commits_are_seen_by_the_test_and_by_no_other_connection(db, make_account):
    make_account()
    assert _companies_elsewhere(db) == 0
    assert _companies(db.session) == 1


@pytest.mark.commits
def test_a_test_marked_commits_commits_for_real(db, make_account):
    make_account()
    assert _companies_elsewhere(db) == 1


@pytest.mark.parametrize("turn", [1, 2])
def test_every_test_starts_on_an_empty_database(db, make_account, turn):
    assert _companies(db.session) == 0
    make_account()
