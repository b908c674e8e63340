"""clean stored text: no control characters anywhere, no line breaks in single-line columns

Revision ID: 0014a
Revises: 0013
Create Date: 2026-12-07 04:10:00

Every text column (and every string inside a JSON column) of every table loses the
characters the input rule (app/characters.py) now refuses: C0 controls other than tab, LF and
CR, DEL, U+FFFE/U+FFFF and lone surrogates. A single-line column (every text column but the
multi-line ones listed below) also loses bidi overrides and has each line break replaced by a
space. Only rows holding such a character are read (a regular expression on PostgreSQL, a
function on SQLite), so a large database is scanned, not rewritten. Downgrade keeps the text.

The cleaning is the app's own (``app.characters.clean``, a pure module), not a copy: what this
migration leaves is what the doors accept, so no stored value is refused when it is saved again.
The rows it reads are chosen by the patterns below; tests/test_migration_0014a.py checks that
they find every character that rule removes.
"""
import json
import re

import sqlalchemy as sa
from alembic import op

from app.characters import clean

revision = '0014a'
down_revision = '0013'

_BIDI = "\u202a-\u202e\u2066-\u2069"
# What a row must hold to be read at all: a character either rule removes, raw or JSON-escaped.
SUSPECT = f"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\n\r\x85\u2028\u2029{_BIDI}]"
JSON_SUSPECT = (r"\\u(00[01][0-9a-fA-F]|007[fF]|0085|202[89a-eA-E]|206[6-9]|[fF][fF][fF][eEfF]|[dD][89a-fA-F])"
                r"|\\[nr]")
SUSPECT_PY = re.compile(f"{SUSPECT}|\x00|{JSON_SUSPECT}")

MULTILINE = {
    ("customers", "notes"), ("invoices", "notes"), ("invoices", "cancellation_reason"), ("quotes", "notes"),
    ("quotes", "terms"), ("quotes", "decline_reason"), ("credit_notes", "notes"), ("credit_notes", "reason"),
    ("recurring_invoices", "notes"), ("payments", "notes"), ("refunds", "reason"), ("tax_rates", "exemption_reason"),
    ("invoice_items", "description"), ("quote_items", "description"), ("recurring_invoice_items", "description"),
    ("credit_note_lines", "description"), ("idempotency_records", "response_body"),
}
MULTILINE_KEYS = {"message", "notes", "description", "reason", "terms", "exemption_reason", "memo"}


def clean_json(value, single_line=True):
    if isinstance(value, str):
        return clean(value, single_line=single_line)
    if isinstance(value, list):
        return [clean_json(entry, single_line) for entry in value]
    if isinstance(value, dict):
        return {key: clean_json(entry, key not in MULTILINE_KEYS) for key, entry in value.items()}
    return value


def _text_columns(inspector, table):
    for column in inspector.get_columns(table):
        kind = column["type"]
        if isinstance(kind, sa.JSON):
            yield column["name"], True
        elif isinstance(kind, (sa.String, sa.Text)):
            yield column["name"], False


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if not postgres:
        bind.connection.driver_connection.create_function(
            "corebill_suspect", 1, lambda value: int(isinstance(value, str) and bool(SUSPECT_PY.search(value))),
            deterministic=True)
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        keys = inspector.get_pk_constraint(table)["constrained_columns"]
        if not keys:
            continue
        for column, is_json in _text_columns(inspector, table):
            _clean_column(bind, postgres, table, keys, column, is_json)


def _clean_column(bind, postgres, table, keys, column, is_json):
    quoted = bind.dialect.identifier_preparer.quote
    name = quoted(column)
    if postgres:
        pattern = JSON_SUSPECT if is_json else SUSPECT
        where = f"CAST({name} AS TEXT) ~ :pattern" if is_json else f"{name} ~ :pattern"
        params = {"pattern": pattern}
    else:
        where, params = f"corebill_suspect({name})", {}
    key_list = ", ".join(quoted(key) for key in keys)
    rows = bind.execute(sa.text(f"SELECT {key_list}, {name} FROM {quoted(table)} WHERE {where}"), params).all()
    single_line = (table, column) not in MULTILINE
    value = "CAST(:value AS JSON)" if is_json and postgres else ":value"
    update = sa.text(f"UPDATE {quoted(table)} SET {name} = {value} WHERE "
                     + " AND ".join(f"{quoted(key)} = :k{index}" for index, key in enumerate(keys)))
    for row in rows:
        value = row[-1]
        if is_json:
            stored = json.loads(value) if isinstance(value, str) else value
            cleaned = clean_json(stored)
            if cleaned == stored:
                continue
            new = json.dumps(cleaned)
        else:
            new = clean(value, single_line=single_line)
            if new == value:
                continue
        bind.execute(update, {"value": new, **{f"k{index}": key for index, key in enumerate(row[:-1])}})


def downgrade():
    pass  # the removed characters are not restored
