"""Two app processes (gunicorn, one worker each) against one PostgreSQL database and one
shared instance folder agree: invoice numbers stay unique and gapless when creations
alternate and race between them, an Idempotency-Key replays across processes, and a PDF
rendered by one is served from the shared cache by the other."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.services import accounts, transaction

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
URL = os.environ.get("TEST_DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not URL.startswith("postgresql"),
    reason="needs TEST_DATABASE_URL=postgresql://…: several app processes share one PostgreSQL "
           "(SQLite is the single-machine database)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port, self.process = port, process

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            payload = json.dumps(body) if body is not None else None
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


def _start(instance: str, log, **settings) -> Server:
    """One gunicorn process serving the app; ``settings`` are more environment variables."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=URL, INSTANCE_PATH=instance, SECRET_KEY="two-processes",
               RATELIMIT_ENABLED="false", APP_BASE_URL="http://localhost")
    env.update(settings)
    process = subprocess.Popen([GUNICORN, "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(port, process)
    deadline = time.monotonic() + 90
    while True:
        try:
            server.request("GET", "/v1/openapi.json")
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app process did not start (log: {log.name})")
            time.sleep(0.3)


@pytest.fixture()
def two_servers(db):
    instance = tempfile.mkdtemp(prefix="corebill-shared-")  # the shared folder (PDF cache)
    log = tempfile.NamedTemporaryFile(prefix="corebill-two-", suffix=".log", delete=False)
    servers = []
    try:
        servers = [_start(instance, log), _start(instance, log)]
        yield servers, Path(instance)
    finally:
        for server in servers:
            os.killpg(server.process.pid, signal.SIGTERM)
        for server in servers:
            server.process.wait(timeout=30)


@pytest.fixture()
def api(actor):
    with transaction():
        _, raw = accounts.create_api_key(actor.user, "two processes")
    company = actor.company.id

    def call(server, method, path, body=None, headers=None):
        separator = "&" if "?" in path else "?"
        status, response_headers, content = server.request(
            method, f"/v1{path}{separator}company_id={company}", body,
            {"Authorization": f"Bearer {raw}", **(headers or {})})
        return status, response_headers, content
    return call


def _customer(api, server) -> str:
    status, _, content = api(server, "POST", "/customers", {"name": "Shared Co", "country": "US",
                                                            "email": "billing@shared.example.com"})
    assert status == 201, content
    return json.loads(content)["data"]["id"]


def _invoice(api, server, customer_id) -> dict:
    status, _, content = api(server, "POST", "/invoices", {
        "customer_id": customer_id, "issue_date": "2026-03-01", "due_date": "2099-01-01",
        "items": [{"name": "Work", "quantity": 2, "unit_price": "10.50"}]})
    assert status == 201, content
    return json.loads(content)["data"]


def test_numbers_stay_unique_and_gapless_across_processes(two_servers, api):
    (first, second), _ = two_servers
    customer_id = _customer(api, first)
    numbers = [_invoice(api, server, customer_id)["invoice_number"] for server in (first, second) * 4]
    with ThreadPoolExecutor(max_workers=6) as pool:  # and racing: both processes at once
        numbers += [row["invoice_number"] for row in
                    pool.map(lambda i: _invoice(api, (first, second)[i % 2], customer_id), range(12))]
    assert len(numbers) == len(set(numbers)) == 20
    assert sorted(numbers) == [f"INV-2026-{n:06d}" for n in range(1, 21)]
    assert numbers[:8] == [f"INV-2026-{n:06d}" for n in range(1, 9)]  # alternating, in order


def test_idempotency_key_replays_on_the_other_process(two_servers, api):
    (first, second), _ = two_servers
    body = {"name": "Once Only Ltd", "country": "GB"}
    key = {"Idempotency-Key": "create-once-only-1"}
    status, _, original = api(first, "POST", "/customers", body, key)
    assert status == 201, original
    status, headers, replayed = api(second, "POST", "/customers", body, key)
    assert status == 201 and json.loads(replayed) == json.loads(original)
    assert headers.get("Idempotent-Replayed") == "true"
    status, _, listing = api(second, "GET", "/customers?limit=100")
    assert [row["name"] for row in json.loads(listing)["data"]].count("Once Only Ltd") == 1
    status, _, other = api(second, "POST", "/customers", {"name": "Another Ltd", "country": "GB"}, key)
    assert status == 400 and json.loads(other)["error"]["code"] == "idempotency_error"


def test_pdf_rendered_by_one_process_is_served_from_the_shared_cache_by_the_other(two_servers, api):
    (first, second), instance = two_servers
    invoice = _invoice(api, first, _customer(api, first))
    status, headers, pdf = api(first, "GET", f"/invoices/{invoice['id']}/pdf")
    assert status == 200 and pdf.startswith(b"%PDF"), pdf[:200]
    files = list((instance / "pdf-cache").rglob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes() == pdf
    before = files[0].stat()
    status, other_headers, again = api(second, "GET", f"/invoices/{invoice['id']}/pdf")
    assert status == 200 and again == pdf and other_headers["ETag"] == headers["ETag"]
    after = files[0].stat()
    # Not rendered again: the cache writes by rename, so a second render would replace the file.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list((instance / "pdf-cache").rglob("*.pdf")) == files
