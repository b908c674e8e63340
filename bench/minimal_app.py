"""The yardstick for bench/throughput.py: a minimal Flask app that answers each request
with one indexed SELECT on the same database and returns JSON. No auth, no ORM, no
serializer; what is left is Flask + the driver + the database.

    DATABASE_URL=… gunicorn -w 4 -b 127.0.0.1:8101 bench.minimal_app:app
"""
from __future__ import annotations

import os

from flask import Flask, abort, jsonify, request
from sqlalchemy import create_engine, text

from app.config import database_url

engine = create_engine(database_url(os.environ.get("INSTANCE_PATH", "/tmp")))
app = Flask(__name__)
COLUMNS = "id, invoice_number, status, issue_date, due_date, currency, total, amount_due"


def _row(row) -> dict:
    document = dict(row._mapping)
    for name in ("total", "amount_due"):
        document[name] = str(document[name])
    for name in ("issue_date", "due_date"):
        document[name] = str(document[name])
    return document


@app.get("/invoices")
def list_invoices():
    """The newest 10 live invoices of a company (index company_pk, deleted_at, pk)."""
    company_pk = request.args.get("company_pk", type=int)
    with engine.connect() as connection:
        rows = connection.execute(text(
            f"SELECT {COLUMNS} FROM invoices WHERE company_pk = :company AND deleted_at IS NULL "
            "ORDER BY pk DESC LIMIT 10"), {"company": company_pk}).all()
    return jsonify({"data": [_row(row) for row in rows]})


@app.get("/invoices/<invoice_id>")
def retrieve_invoice(invoice_id: str):
    """One invoice by its public id (unique index)."""
    with engine.connect() as connection:
        row = connection.execute(text(f"SELECT {COLUMNS} FROM invoices WHERE id = :id"), {"id": invoice_id}).first()
    if row is None:
        abort(404)
    return jsonify({"data": _row(row)})
