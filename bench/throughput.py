"""Requests per second under gunicorn (several workers) for listing and retrieving
invoices through /v1, against a minimal Flask app (bench/minimal_app.py) doing one indexed
SELECT per request on the same database, measured in the same run with wrk. Beside the
requests per second, it prints the CPU time each app's processes spent per request: on a
shared machine that figure moves less than the rates do, and it shows where the gap is.

Both servers listen on 127.0.0.1 only and are stopped at the end; every measurement is
bounded by --duration. Corebill runs with RATELIMIT_ENABLED=false (the API's per-key rate
limit would otherwise answer 429 to the load generator).

    .venv/bin/python -m bench.throughput --database-url postgresql://postgres@127.0.0.1:54330/cb_scale
"""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Invoice
from bench.common import admin_of, backend, biggest_company, make_app, parser, temporary_api_key

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@contextmanager
def server(target: str, port: int, workers: int, env: dict):
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__ready__", timeout=2)
            except urllib.error.HTTPError:
                break  # any HTTP answer (404) means the workers are up
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{target} did not start; see {log.name}")
                time.sleep(0.3)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def server_cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU time spent so far by a server's processes (its session: the gunicorn
    master and its workers), from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[3]) == process.pid:  # session id; then utime and stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, connections: int, script: str | None = None, headers: dict | None = None) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {"rps": rps, "requests": requests, "non_2xx": int(errors.group(1)) if errors else 0,
            "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else float("nan")}


def measured(process: subprocess.Popen, url: str, seconds: int, connections: int, script: str | None = None,
             headers: dict | None = None) -> dict:
    """A wrk run, with the CPU time the server's processes spent during it."""
    before = server_cpu_seconds(process)
    result = wrk(url, seconds, connections, script, headers)
    return dict(result, cpu_s=server_cpu_seconds(process) - before)


def body_bytes(url: str, headers: dict | None = None) -> int:
    """The size of one answer's body (what each app sends per request)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
        return len(answer.read())


def lua_cycling(paths: list[str]) -> str:
    """A wrk script that requests the given paths in turn."""
    handle = tempfile.NamedTemporaryFile("w", prefix="bench-wrk-", suffix=".lua", delete=False)
    handle.write("paths = {" + ",".join(f'"{path}"' for path in paths) + "}\n"
                 "counter = 0\nrequest = function()\n  counter = counter + 1\n"
                 "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n")
    handle.close()
    return handle.name


def main() -> None:
    parse = parser(__doc__)
    parse.add_argument("--workers", type=int, default=4)
    parse.add_argument("--connections", type=int, default=8)
    parse.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parse.add_argument("--port", type=int, default=8100)
    args = parse.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    app = make_app(args.database_url)
    with app.app_context():
        company = biggest_company(args.company_id)
        company_id, company_pk, kind = company.id, company.pk, backend()
        sample = db.session.scalars(select(Invoice.id).where(Invoice.company_pk == company.pk,
                                                             Invoice.deleted_at.is_(None))
                                    .order_by(Invoice.pk.desc()).limit(5000)).all()
        ids = random.Random(1).sample(sample, min(500, len(sample)))
        user = admin_of(company)
        with temporary_api_key(user) as raw:
            db.session.commit()
            env = dict(os.environ, DATABASE_URL=args.database_url, RATELIMIT_ENABLED="false",
                       INSTANCE_PATH=tempfile.mkdtemp(prefix="corebill-bench-"), SECRET_KEY="bench")
            core, minimal = args.port, args.port + 1
            auth = {"Authorization": f"Bearer {raw}"}
            retrieve_core = lua_cycling([f"/v1/invoices/{i}?company_id={company_id}" for i in ids])
            retrieve_min = lua_cycling([f"/invoices/{i}" for i in ids])
            cases = [
                ("list (limit=10)", f"http://127.0.0.1:{core}/v1/invoices?company_id={company_id}&limit=10", None,
                 f"http://127.0.0.1:{minimal}/invoices?company_pk={company_pk}", None,
                 f"/v1/invoices?company_id={company_id}&limit=10", f"/invoices?company_pk={company_pk}"),
                ("retrieve by id", f"http://127.0.0.1:{core}/", retrieve_core,
                 f"http://127.0.0.1:{minimal}/", retrieve_min,
                 f"/v1/invoices/{ids[0]}?company_id={company_id}", f"/invoices/{ids[0]}"),
            ]
            results, sizes = {}, {}
            with server("wsgi:app", core, args.workers, env) as core_server, \
                    server("bench.minimal_app:app", minimal, args.workers, env) as min_server:
                for label, core_url, core_script, min_url, min_script, core_one, min_one in cases:
                    sizes[label] = (body_bytes(f"http://127.0.0.1:{core}{core_one}", auth),
                                    body_bytes(f"http://127.0.0.1:{minimal}{min_one}"))
                    wrk(core_url, 2, args.connections, core_script, auth)  # warm up both
                    wrk(min_url, 2, args.connections, min_script)
                    half = max(1, args.duration // 2)  # two alternating rounds each
                    runs = {"core": [], "min": []}
                    for _ in range(2):
                        runs["core"].append(measured(core_server, core_url, half, args.connections, core_script, auth))
                        runs["min"].append(measured(min_server, min_url, half, args.connections, min_script))
                    results[label] = runs
    print(f"Backend: {kind}; gunicorn -w {args.workers} (sync workers) for both apps; wrk -t2 -c{args.connections}, "
          f"2 alternating rounds of {max(1, args.duration // 2)} s per app; RATELIMIT_ENABLED=false; "
          f"{os.cpu_count()} CPU cores shared by server, database and load generator.\n")
    print(f"{'':18} {'Corebill req/s':>15} {'minimal req/s':>15} {'ratio':>7} {'p50 Corebill':>13} {'p50 minimal':>12} "
          f"{'non-2xx':>8} {'bytes Corebill/minimal':>23} {'app CPU ms/request Corebill/minimal':>36}")
    for label, runs in results.items():
        core_rps = sum(r["rps"] for r in runs["core"]) / len(runs["core"])
        min_rps = sum(r["rps"] for r in runs["min"]) / len(runs["min"])
        errors = sum(r["non_2xx"] for r in runs["core"] + runs["min"])
        cpu = [1000 * sum(r["cpu_s"] for r in runs[app]) / sum(r["requests"] for r in runs[app]) for app in ("core", "min")]
        print(f"{label:18} {core_rps:15.0f} {min_rps:15.0f} {core_rps / min_rps:7.2f} "
              f"{runs['core'][-1]['p50_ms']:11.1f}ms {runs['min'][-1]['p50_ms']:10.1f}ms {errors:8d} "
              f"{sizes[label][0]:>14,} / {sizes[label][1]:,} {cpu[0]:>24.2f} / {cpu[1]:.2f}")
    print("target: ratio >= 0.5")


if __name__ == "__main__":
    main()
