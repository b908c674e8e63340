"""Exports at scale (DESIGN §19): seeds 10,000, then 50,000, then 100,000 invoices (with their
payments, refunds and credit notes, as ``seed-demo`` makes them) into one company of a
temporary SQLite database, and after each step exports everything as CSV, XLSX and DATEV, each
in a process of its own, printing the rows, the bytes, the time and the peak RSS of the
exporting process (the target: at most 150 MB at 100,000 invoices, and time linear in rows),
beside the RSS of that process before it exported (the app with its imports, connected).

The DATEV run writes the batch straight from the rows with every rate booked to account 8400:
the seeded invoices carry the seed's unnamed rate, which the service (rightly) refuses for
DATEV; what is measured is the same reading and writing.

    .venv/bin/python -m bench.export                       # about 9 minutes on 2 cores (XLSX: 4 of them)
    .venv/bin/python -m bench.export --formats csv datev   # about 4 minutes
    .venv/bin/python -m bench.export --sizes 1000 5000     # a quick look
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timezone

from flask_migrate import upgrade

from app.exports import datev, rows, service
from app.extensions import db
from app.models import Company
from app.seed import refresh_statistics, seed_customers, seed_invoices
from app.services import accounts, transaction
from app.services.tenancy import Actor
from bench.common import make_app

FORMATS = ("csv", "xlsx", "datev")
FIRST, LAST = date(2015, 1, 1), date(2030, 12, 31)
TODAY = date(2026, 12, 1)


def _export(url: str, fmt: str) -> dict:
    """One export of everything, in this process: rows, bytes, seconds, peak RSS."""
    app = make_app(url)
    with app.app_context():
        db.session.execute(db.select(Company.pk)).all()  # connected: what the app costs before the export
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        company = db.session.scalars(db.select(Company).order_by(Company.pk)).first()
        actor = Actor(company=company, role="admin")
        period = rows.Period(FIRST, LAST)
        started = time.perf_counter()
        if fmt == "datev":
            rates = [replace(rate, account="8400") for rate in rows.rate_columns(company, period)]
            batch = datev.Batch(1001, 1, FIRST, LAST, company.currency, datetime(2026, 12, 1, tzinfo=timezone.utc))
            chunks = datev.chunks(rows.rows(company, period, kinds=("invoice", "credit_note")), rates, batch)
        else:
            chunks = service.export(actor, {"format": fmt, "from": FIRST.isoformat(), "to": LAST.isoformat()},
                                    created_at=datetime.now(timezone.utc)).chunks
        size = sum(len(chunk) for chunk in chunks)
        seconds = time.perf_counter() - started
    return {"bytes": size, "seconds": seconds, "baseline_mb": baseline,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(url: str, fmt: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.export", "--child", url, fmt], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parse = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parse.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parse.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parse.add_argument("--child", nargs=2, metavar=("URL", "FORMAT"), help=argparse.SUPPRESS)
    args = parse.parse_args()
    if args.child:
        print(json.dumps(_export(*args.child)))
        return
    url = f"sqlite:///{tempfile.mkdtemp(prefix='corebill-bench-export-')}/export.db"
    app, rng, seeded, customers = make_app(url), random.Random(19), 0, None
    with app.app_context():
        upgrade()
        with transaction():
            _, company = accounts.register("bench@export.example.com", "correct horse battery", "Export Bench")
        print(f"{'invoices':>9} {'rows':>8} {'format':>6} {'MB':>7} {'seconds':>8} {'µs/row':>7} {'peak RSS MB':>12} "
              f"{'app alone MB':>13}")
        for size in sorted(args.sizes):
            started = time.perf_counter()
            customers = customers or seed_customers(company, 200, rng)
            seed_invoices(company, customers, size - seeded, rng, TODAY, years=10)
            refresh_statistics()
            seeded = size
            count = sum(1 for _ in rows.rows(company, rows.Period(FIRST, LAST)))
            db.session.rollback()  # the children read the file: no transaction left open here
            print(f"# seeded {size} invoices in {time.perf_counter() - started:.0f} s", flush=True)
            for fmt in args.formats:
                found = _child(url, fmt)
                print(f"{size:>9} {count:>8} {fmt:>6} {found['bytes'] / 1e6:>7.1f} {found['seconds']:>8.1f} "
                      f"{found['seconds'] / count * 1e6:>7.0f} {found['peak_rss_mb']:>12.0f} {found['baseline_mb']:>13.0f}",
                      flush=True)


if __name__ == "__main__":
    main()
