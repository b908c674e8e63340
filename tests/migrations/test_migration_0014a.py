"""Migration 0014a on text stored before the input rule: every text column and every string
in a JSON column loses its control characters, single-line columns their line breaks (a
space instead) and bidi overrides; multi-line columns keep their line breaks; clean rows are
untouched. Runs on a database of its own (SQLite; with TEST_DATABASE_URL a PostgreSQL schema)."""
from __future__ import annotations

import array
import importlib.util
import json
import pathlib
import re
from datetime import datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from app import characters
from app.extensions import db

NOW = datetime(2025, 1, 1)
STEPS = [{"days": 3, "subject": "Still\u000bunpaid\u2028now", "message": "Line 1\nLine\u0001 2"}]
SNAPSHOT = {"name": "Coa\u000bGmbH", "legal_name": "Evil\u202eCorp", "city": "Ber\u0000lin", "email": None}


def _set(table: str, pk: int, **values):
    json_columns = {name for name, value in values.items() if isinstance(value, (list, dict))}
    columns = [sa.column(name, sa.JSON() if name in json_columns else None) for name in values]
    db.session.execute(sa.table(table, *columns, sa.column("pk")).update()
                       .where(sa.column("pk") == pk).values(**values))


def _row(table: str, pk: int, *columns: str) -> tuple:
    found = db.session.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table} WHERE pk = :pk"), {"pk": pk}).one()
    return tuple(json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value for value in found)


def test_upgrade_cleans_every_stored_text(database_at, old_rows):
    database_at("0013")
    postgres = db.engine.dialect.name == "postgresql"
    nul = "" if postgres else "\x00"  # PostgreSQL cannot store NUL in text
    old_rows.company(1, "Coa\u000bGmbH", "UTC")
    old_rows.company(2, "Clean Co\u00a0Ltd — Müller 😀", "UTC")
    _set("companies", 1, legal_name="Legal\u202e\u2066 Name\u0085", address_line1=f"Main\r\nStreet{nul}\u0007",
         reminder_steps=STEPS)
    _set("customers", 1, name="Acme\u001c\u001d\u001eCorp", notes="Line 1\r\nLine\u000c 2\t\u2028end\ufffe")
    old_rows.invoice(1, 1, "sent", "100")
    _set("invoices", 1, notes="Paid\u000b by\nwire\u007f", payment_terms="Net\n30", seller_snapshot=SNAPSHOT,
         billing_snapshot={"name": "Client\u0002", "notes": "a\nb\u0003"})
    _set("invoice_items", 1, item_name="Des\u2029ign\uffff", description="Full\nstack\u0008")
    old_rows.insert("tax_rates", pk=1, id="txr_000000000001", company_pk=1, name="VAT\u000b19", percentage=19,
                    category="S", exemption_reason="Art.\n\u0001 1", active=True, created_at=NOW, updated_at=NOW)
    db.session.commit()

    upgrade(revision="0014a")

    assert _row("companies", 1, "name", "legal_name", "address_line1", "reminder_steps") == (
        "Coa GmbH", "Legal Name ", "Main Street", [{"days": 3, "subject": "Still unpaid now",
                                                   "message": "Line 1\nLine 2"}])
    assert _row("companies", 2, "name") == ("Clean Co\u00a0Ltd — Müller 😀",)
    assert _row("customers", 1, "name", "notes") == ("Acme   Corp", "Line 1\r\nLine 2\t\u2028end")
    assert _row("customers", 2, "name") == ("Client",)
    assert _row("invoices", 1, "notes", "payment_terms", "seller_snapshot", "billing_snapshot") == (
        "Paid by\nwire", "Net 30", {"name": "Coa GmbH", "legal_name": "EvilCorp", "city": "Berlin", "email": None},
        {"name": "Client", "notes": "a\nb"})
    assert _row("invoice_items", 1, "item_name", "description") == ("Des ign", "Full\nstack")
    assert _row("tax_rates", 1, "name", "exemption_reason") == ("VAT 19", "Art.\n 1")


def test_the_rows_it_reads_hold_every_character_the_rule_removes():
    """0014a cleans with app.characters' rule but reads only the rows its own patterns find: every
    character that rule removes (the single-line rule's line breaks and forbidden characters, the
    wider rule) is found, raw and as JSON writes it. Raw text on SQLite holds no lone surrogate,
    on PostgreSQL neither NUL nor one. JSON's short escapes for backspace and form feed (\\b, \\f)
    are not found: the revision ran so, and is left as it ran."""
    path = pathlib.Path(__file__).parents[2] / "migrations" / "versions" / "0014a_clean_stored_text.py"
    spec = importlib.util.spec_from_file_location("migration_0014a", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    every = array.array("I", range(0x110000)).tobytes().decode("utf-32-le", "surrogatepass")  # all of Unicode
    removed = {*characters.LINE_BREAK.findall(every), *characters.SINGLE_LINE_FORBIDDEN.findall(every)}
    surrogates = {character for character in removed if "\ud800" <= character <= "\udfff"}
    assert len(surrogates) == 2048 and "\x00" in removed and "\u202e" in removed

    raw, pattern = re.compile(migration.SUSPECT), migration.SUSPECT_PY  # PostgreSQL's, SQLite's
    assert {character for character in removed - surrogates if not pattern.search(character)} == set()
    assert {character for character in removed - surrogates - {"\x00"} if not raw.search(character)} == set()
    escaped = re.compile(migration.JSON_SUSPECT)  # both databases' (SQLite's pattern holds it)
    assert {character for character in removed if not escaped.search(json.dumps(character))} == {"\b", "\f"}
