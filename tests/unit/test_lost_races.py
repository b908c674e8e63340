"""Which database errors mean "a read's write lost a race, run it again" (the API retries
those once): SQLite's busy snapshot and PostgreSQL's serialization failure, nothing else."""
import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.services import lost_to_a_concurrent_write


def sqlite_error(code: int) -> OperationalError:
    original = sqlite3.OperationalError("database is locked")
    original.sqlite_errorcode = code
    return OperationalError("UPDATE api_keys …", {}, original)


def test_sqlite_busy_snapshot_is_a_lost_race_and_plain_busy_is_not():
    assert lost_to_a_concurrent_write(sqlite_error(sqlite3.SQLITE_BUSY_SNAPSHOT))
    assert not lost_to_a_concurrent_write(sqlite_error(sqlite3.SQLITE_BUSY))  # waited 30 s already
    assert not lost_to_a_concurrent_write(sqlite_error(sqlite3.SQLITE_FULL))


@pytest.mark.parametrize("error, lost", [
    (psycopg.errors.SerializationFailure("could not serialize access"), True),
    (psycopg.errors.DeadlockDetected("deadlock detected"), False),
    (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), False),
])
def test_postgresql_serialization_failure_is_a_lost_race_and_nothing_else(error, lost):
    assert lost_to_a_concurrent_write(OperationalError("UPDATE api_keys …", {}, error)) is lost


def test_a_unique_violation_is_not_this_kind_of_race():
    duplicate = IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not lost_to_a_concurrent_write(duplicate)
