"""Two app processes (gunicorn, one worker each) against one PostgreSQL database and one
shared instance folder agree: invoice numbers stay unique and gapless when creations
alternate and race between them, an Idempotency-Key replays across processes, and a PDF
rendered by one is served from the shared cache by the other."""
import json
import os
import signal
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.services import accounts, transaction
from tests.support.processes import URL, start_server

pytestmark = [pytest.mark.commits, pytest.mark.skipif(
    not URL.startswith("postgresql"),
    reason="needs TEST_DATABASE_URL=postgresql://…: several app processes share one PostgreSQL "
           "(SQLite is the single-machine database)")]


@pytest.fixture()
def two_servers(db):
    instance = tempfile.mkdtemp(prefix="corebill-shared-")  # the shared folder (PDF cache)
    log = tempfile.NamedTemporaryFile(prefix="corebill-two-", suffix=".log", delete=False)
    servers = []
    try:
        servers = [start_server(instance, log), start_server(instance, log)]
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
