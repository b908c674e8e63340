"""One company cannot stop every company's PDFs (issue 24, item 7): while company A's PDFs at
the text limit render (two requests for it at once), company B's PDF is served. A has one
render running and its second waits its turn; B is not queued behind either."""
import io
import os
import threading
import time

import pytest
from pypdf import PdfReader

from app import limits
from app.invoices import lifecycle
from app.rendering import pdf
from app.services import document_items, transaction
from app.services.tenancy import Actor

pytestmark = [pytest.mark.commits,
              pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: one render worker, nothing to share")]


def _sent(invoice):
    with transaction():
        return lifecycle.send_invoice(Actor(company=invoice.company, role="system"), invoice.id, lambda *a: None)


def _huge_items() -> list[dict]:
    """100 items with long descriptions, just under the text limit (a long but valid invoice)."""
    name = "Consulting, workshop and written report"
    description = ("Analysis of the current invoicing process, interviews with the accounts team, "
                   "a written report with recommendations and a follow-up call. ") * 10
    count = limits.DOCUMENT_TEXT // (len(name) + len(description) + len("day"))
    return [{"name": name, "description": description, "quantity": 1, "unit": "day", "unit_price": 900}
            for _ in range(min(count, 100))]


def test_company_b_gets_its_pdf_while_company_a_renders_two_huge_ones(app, db, make_account, make_customer,
                                                                    make_invoice, figure):
    a, b = make_account(company="Huge Documents GmbH"), make_account(company="Small Shop")
    huge = _sent(make_invoice(a, make_customer(a), due_date="2099-01-01", items=_huge_items()))
    small = _sent(make_invoice(b, make_customer(b), due_date="2099-01-01"))
    characters = document_items.text_total(document_items.rows_of(huge), huge.notes, huge.payment_terms)
    assert characters <= limits.DOCUMENT_TEXT
    company_a = a.company.pk
    db.session.rollback()  # the downloads' transactions do not wait for this one
    app.config["PDF_RENDER_TIMEOUT"] = 600  # this test measures turns, not the time limit
    pool = pdf.pool()
    pool.warm_up(pdf.stylesheet(), pdf.static_root())
    answers: dict[str, tuple[int, bytes, float]] = {}

    def download(name: str, token: str) -> None:
        started = time.perf_counter()
        response = app.test_client().get(f"/i/{token}/pdf")
        answers[name] = (response.status_code, response.get_data(), time.perf_counter() - started)

    try:
        first = threading.Thread(target=download, args=("A1", huge.public_token))
        first.start()
        deadline = time.monotonic() + 60
        while pool.running().get(company_a) != 1 and time.monotonic() < deadline:
            time.sleep(0.01)  # A's render has its worker
        second = threading.Thread(target=download, args=("A2", huge.public_token))
        second.start()
        time.sleep(0.2)  # A's second request is waiting for its turn
        download("B", small.public_token)
        a_rendering = first.is_alive() and second.is_alive()
        first.join(600)
        second.join(600)
    finally:
        app.config.pop("PDF_RENDER_TIMEOUT")
    status, content, b_seconds = answers["B"]
    assert status == 200 and content.startswith(b"%PDF-")
    assert a_rendering, "B's PDF came only after A's renders"
    assert [answers[name][0] for name in ("A1", "A2")] == [200, 200]
    pages = len(PdfReader(io.BytesIO(answers["A1"][1])).pages)
    figure("render fairness", f"company B's PDF in {b_seconds:.2f} s while company A's {characters:,}-character, "
                              f"{pages}-page PDF rendered twice at once ({answers['A1'][2]:.1f} s and "
                              f"{answers['A2'][2]:.1f} s); {pool.size} render workers")
