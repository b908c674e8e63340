"""Invoice PDFs: the app's own path vs plain WeasyPrint, measured side by side in one run.

(a) first render (cache miss) of a 10-line invoice: app path (template, data, prepared fonts,
    bounded worker, cache write) vs ``weasyprint.HTML(string=same_html).write_pdf()`` where
    same_html is the app's HTML with its stylesheet inlined (fonts by absolute file URL);
(b) a repeated download (GET /i/<token>/pdf: lookup, template, hash, cache read);
(c) a 1000-line invoice: app path (bounded worker) vs plain, time and page count;
(d) the Factur-X PDF's first render (PDF/A-3b, CII built and embedded) vs the plain PDF of the
    same 10-line invoice, through the app's path, alternating;
(e) a repeated download of the Factur-X PDF (GET /i/<token>/pdf, from the cache).
(f) with ``--rates N``: the first render of 10-line invoices with the seed's single rate vs
    the same invoices with N named rates on every item, alternating in the same run.
(g) with ``--codes``: the first render of 10-line EUR invoices printing how to pay with their
    EPC QR code (the company's default EUR account, a German IBAN), the same invoices with the
    block but the code switched off, and the same with no account (no block, no code), in a
    rotating order in the same run. The target (<= 1.1x) is the code's: with it vs without it.
(h) with ``--languages``: the first render of the same 10-line invoice for a customer reading
    German (de, customer in DE) vs one reading English (en, customer in DE), alternating in the
    same run, and a dashboard page (GET /invoices) for a logged-in user whose language is de vs
    one whose language is en, through the test client, round-robin. Targets <= 1.05x both.

    .venv/bin/python -m bench.pdf            (about a minute; its own temporary SQLite database)
    .venv/bin/python -m bench.pdf --rates 3
    .venv/bin/python -m bench.pdf --codes     (--only-codes: (g) alone)
    .venv/bin/python -m bench.pdf --languages (--only-languages: (h) alone, about a minute)
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
import uuid

import weasyprint
from flask_migrate import upgrade
from pypdf import PdfReader

from app import create_app
from app.extensions import db
from app.invoices import lifecycle
from app.invoices import service as invoices
from app.models import BankAccount, Invoice, Membership
from app.rendering import how_to_pay, pdf
from app.rendering.pdf import render_html, static_root, stylesheet
from app.services import accounts, customers, einvoices, profile, tax_rates, transaction
from app.services.tenancy import Actor
from bench.common import compare_ms

TARGET_RATIO, TARGET_FIRST_MS, TARGET_REPEAT_MS = 1.0, 200, 10
TARGET_FACTURX_RATIO = 1.3
TARGET_CODE_RATIO = 1.1
TARGET_LANGUAGE_RATIO = 1.05


def ms(seconds: float) -> float:
    return seconds * 1000


def pages_of(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def same_html(html: str) -> str:
    """The app's HTML with its stylesheet inlined, fonts named by absolute file URL, so plain
    WeasyPrint renders the identical document without a base URL or custom fetcher."""
    css = stylesheet().replace("url('fonts/", f"url('{(static_root() / 'fonts').as_uri()}/")
    return html.replace("</head>", f"<style>{css}</style>\n</head>", 1)


def plain_render(html: str) -> tuple[float, float, bytes]:
    """(wall seconds, CPU seconds, PDF) of plain WeasyPrint in this process."""
    started, cpu = time.perf_counter(), time.process_time()
    content = weasyprint.HTML(string=html).write_pdf()
    return time.perf_counter() - started, time.process_time() - cpu, content


def app_render(invoice_id: str) -> tuple[float, float, pdf.PdfDocument]:
    """(wall seconds, CPU seconds of this process plus the worker's, document) of the app's
    path from the invoice's id: load, template, key, cache miss, worker render, cache write."""
    db.session.expire_all()
    started, cpu = time.perf_counter(), time.process_time()
    invoice = db.session.scalars(db.select(Invoice).where(Invoice.id == invoice_id)).one()
    document = pdf.invoice_pdf(invoice)
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    assert document.rendered is not None, "expected a cache miss"
    return elapsed, cpu_used + document.rendered.cpu_seconds, document


def side_by_side(app_wall, plain_wall, app_cpu, plain_cpu) -> tuple[float, float, str]:
    app_ms, plain_ms = ms(statistics.median(app_wall)), ms(statistics.median(plain_wall))
    cpu_ratio = statistics.median(app_cpu) / statistics.median(plain_cpu)
    text = (f"app {app_ms:.0f} ms vs plain {plain_ms:.0f} ms -> {app_ms / plain_ms:.2f}x wall "
            f"(CPU {ms(statistics.median(app_cpu)):.0f} vs {ms(statistics.median(plain_cpu)):.0f} ms -> {cpu_ratio:.2f}x)")
    return app_ms / plain_ms, app_ms, text


def make_invoice(actor: Actor, customer_id: str, lines: int, rate_ids: list[str] = (), currency: str | None = None) -> Invoice:
    """A draft of ``lines`` items: the seed's single rate, or ``rate_ids`` on every item."""
    items = [{"name": f"Service line {n}", "description": f"Work package {n}, phase {n % 4 + 1}",
              "quantity": n % 9 + 1, "unit": "hour", "unit_price": f"{40 + n % 50}.50",
              **({"tax_rates": list(rate_ids)} if rate_ids else {})} for n in range(1, lines + 1)]
    with transaction():
        return invoices.create_invoice(actor, {
            "customer_id": customer_id, "issue_date": "2026-01-15", "due_date": "2099-02-14",
            **({} if rate_ids else {"tax_rate": 16, "tax_id": "VAT"}), "discount_type": "percentage",
            "discount_value": 5, "payment_terms": "Net 30", "notes": f"Thank you! ref {uuid.uuid4().hex[:12]}",
            "items": items, **({"currency": currency} if currency else {})})


def compare_rates(actor: Actor, customer_id: str, rates: int, samples: int) -> None:
    """(f) first renders (app path, cache misses) of seed-style invoices and of the same with
    ``rates`` rates per item, alternating so that the machine's load hits both alike."""
    with transaction():
        rate_ids = [tax_rates.create_tax_rate(actor, {"name": f"Tax {n}", "percentage": f"{n + 4}.5"}).id
                    for n in range(rates)]
    pairs = [(make_invoice(actor, customer_id, 10).id, make_invoice(actor, customer_id, 10, rate_ids).id)
             for _ in range(samples)]
    single_wall, rated_wall, single_cpu, rated_cpu = [], [], [], []
    for single_id, rated_id in pairs:
        for invoice_id, wall_list, cpu_list in ((single_id, single_wall, single_cpu), (rated_id, rated_wall, rated_cpu)):
            wall, cpu, _ = app_render(invoice_id)
            wall_list.append(wall)
            cpu_list.append(cpu)
    before, after = ms(statistics.median(single_wall)), ms(statistics.median(rated_wall))
    cpu_before, cpu_after = ms(statistics.median(single_cpu)), ms(statistics.median(rated_cpu))
    print(f"(f) first render, 10 lines, median of {samples}: 1 rate (seed) {before:.0f} ms vs {rates} rates per item "
          f"{after:.0f} ms -> {(after / before - 1) * 100:+.1f}% wall (CPU {cpu_before:.0f} vs {cpu_after:.0f} ms -> "
          f"{(cpu_after / cpu_before - 1) * 100:+.1f}%) [target <= +10 %: {verdict(after <= before * 1.1)}]")


CODE, BLOCK, NO_ACCOUNT = "with its EPC code", "the same without its code", "without an account"


def timed_variant(invoice_id: str, account_pk: int, variant: str) -> tuple[float, float, pdf.PdfDocument]:
    """(wall, CPU incl. the worker's, document) of a cache miss through the app's path: with the
    company's default EUR account (how to pay and its EPC code), the same with the code switched
    off for this call (the block alone), or with the account switched off (no block)."""
    db.session.expire_all()
    account = db.session.get(BankAccount, account_pk)
    account.is_default = variant != NO_ACCOUNT
    db.session.flush()
    invoice = db.session.scalars(db.select(Invoice).where(Invoice.id == invoice_id)).one()
    made_code = how_to_pay._code
    if variant == BLOCK:
        how_to_pay._code = lambda *args, **kwargs: None
    try:
        started, cpu = time.perf_counter(), time.process_time()
        document = pdf.invoice_pdf(invoice)
        elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    finally:
        how_to_pay._code = made_code
    db.session.rollback()
    assert document.rendered is not None, "expected a cache miss"
    return elapsed, cpu_used + document.rendered.cpu_seconds, document


def compare_codes(actor: Actor, customer_id: str, samples: int) -> None:
    """(g) first renders (app path, cache misses) of EUR invoices with how to pay and their EPC
    code, the same invoices with the block but no code, and without an account, in a rotating
    order so that the machine's load hits all three alike."""
    with transaction():
        account = BankAccount(id="ba_bench" + uuid.uuid4().hex[:8], company_pk=actor.company.pk, label="Main",
                              account_holder="Bench Studio GmbH", iban="DE89370400440532013000", bic="COBADEFFXXX",
                              currency="EUR", is_default=True)
        db.session.add(account)
    invoice_ids = [make_invoice(actor, customer_id, 10, currency="EUR").id for _ in range(samples)]
    variants = (CODE, BLOCK, NO_ACCOUNT)
    walls, cpus = {v: [] for v in variants}, {v: [] for v in variants}
    pages, workers = {v: set() for v in variants}, {v: [] for v in variants}
    for index, invoice_id in enumerate(invoice_ids):
        for variant in variants[index % 3:] + variants[:index % 3]:
            wall, cpu, document = timed_variant(invoice_id, account.pk, variant)
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)
            assert ("HOW TO PAY" in text) == (variant != NO_ACCOUNT), "the block is not where it is measured"
            pages[variant].add(document.rendered.pages)
            workers[variant].append(document.rendered.cpu_seconds)
            walls[variant].append(wall)
            cpus[variant].append(cpu)

    def figures(variant: str) -> str:
        return (f"{variant} {ms(statistics.median(walls[variant])):.0f} ms wall, "
                f"{ms(statistics.median(cpus[variant])):.0f} ms CPU (render worker "
                f"{ms(statistics.median(workers[variant])):.0f} ms; {'/'.join(map(str, sorted(pages[variant])))} page(s))")

    def ratio(variant: str, against: str) -> tuple[float, float]:
        return (statistics.median(walls[variant]) / statistics.median(walls[against]),
                statistics.median(cpus[variant]) / statistics.median(cpus[against]))

    code_wall, code_cpu = ratio(CODE, BLOCK)
    block_wall, block_cpu = ratio(CODE, NO_ACCOUNT)
    print(f"(g) first render, 10 lines EUR, median of {samples}: {figures(CODE)}; {figures(BLOCK)}; "
          f"{figures(NO_ACCOUNT)}")
    print(f"(g) the EPC code: with it vs the same invoice without it {code_wall:.2f}x wall, {code_cpu:.2f}x CPU "
          f"[target <= {TARGET_CODE_RATIO:.1f}x: {verdict(code_wall <= TARGET_CODE_RATIO)}]; the whole block with its "
          f"code vs no account {block_wall:.2f}x wall, {block_cpu:.2f}x CPU")


LANGUAGE_PAGE = "/invoices"


def reading(actor: Actor, language: str) -> str:
    """A customer in Germany who reads ``language``; its id."""
    with transaction():
        customer = customers.create_customer(actor, {"name": f"Kunde {language}", "country": "DE",
                                                     "email": f"{language}@kunde.example", "language": language})
    return customer.id


def speaking_user(actor: Actor, language: str, client) -> None:
    """``client`` logged in as a new admin of ``actor``'s company whose dashboard language is ``language``."""
    email = f"bench-{language}@example.com"
    with transaction():
        user = accounts.create_user(email, "correct horse battery", f"Bench {language}")
        profile.set_language(user, language)
        db.session.add(Membership(user=user, company_pk=actor.company.pk, role="admin"))
    response = client.post("/login", data={"email": email, "password": "correct horse battery"})
    assert response.status_code == 302, response.get_data(as_text=True)[:200]


def compare_languages(app, actor: Actor, samples: int, repeat: int) -> None:
    """(h) the same invoice content first rendered (cache misses) for a German and an English
    reader, alternating, and GET /invoices for a German and an English user, round-robin."""
    german, english = reading(actor, "de"), reading(actor, "en")
    pairs = [(make_invoice(actor, german, 10).id, make_invoice(actor, english, 10).id) for _ in range(samples + 1)]
    for invoice_id in pairs[0]:  # each language's catalog loaded once, as a running app has it
        app_render(invoice_id)
    walls, cpus = {"de": [], "en": []}, {"de": [], "en": []}
    for index, (de_id, en_id) in enumerate(pairs[1:]):
        order = (("de", de_id), ("en", en_id)) if index % 2 == 0 else (("en", en_id), ("de", de_id))
        for language, invoice_id in order:
            wall, cpu, _ = app_render(invoice_id)
            walls[language].append(wall)
            cpus[language].append(cpu)
    de_ms, en_ms = ms(statistics.median(walls["de"])), ms(statistics.median(walls["en"]))
    de_cpu, en_cpu = ms(statistics.median(cpus["de"])), ms(statistics.median(cpus["en"]))
    print(f"(h) first render, 10 lines, median of {samples}: German {de_ms:.0f} ms vs English {en_ms:.0f} ms -> "
          f"{de_ms / en_ms:.2f}x wall (CPU {de_cpu:.0f} vs {en_cpu:.0f} ms -> {de_cpu / en_cpu:.2f}x) "
          f"[target <= {TARGET_LANGUAGE_RATIO:.2f}x: {verdict(de_ms / en_ms <= TARGET_LANGUAGE_RATIO)}]")

    clients = {language: app.test_client() for language in ("de", "en")}
    for language, client in clients.items():
        speaking_user(actor, language, client)
        page = client.get(LANGUAGE_PAGE)
        assert page.status_code == 200, page.status_code

    def page_of(client):
        def get():
            response = client.get(LANGUAGE_PAGE)
            assert response.status_code == 200
        return get
    timings = compare_ms({language: page_of(client) for language, client in clients.items()}, repeat)
    ratio = timings["de"] / timings["en"]
    print(f"(h) dashboard GET {LANGUAGE_PAGE} ({len(pairs) * 2} invoices), median of {repeat}: German user "
          f"{timings['de']:.1f} ms vs English user {timings['en']:.1f} ms -> {ratio:.2f}x "
          f"[target <= {TARGET_LANGUAGE_RATIO:.2f}x: {verdict(ratio <= TARGET_LANGUAGE_RATIO)}]")


PAGES = {}


def measure(invoice_ids: list[str]) -> tuple[float, float, str]:
    """Each invoice through the app's path (a cache miss) and, right after, its same_html
    through plain WeasyPrint; the PDFs must have the same number of pages."""
    app_wall, plain_wall, app_cpu, plain_cpu = [], [], [], []
    for invoice_id in invoice_ids:
        wall, cpu, document = app_render(invoice_id)
        app_wall.append(wall)
        app_cpu.append(cpu)
        html = same_html(render_html(db.session.scalars(db.select(Invoice).where(Invoice.id == invoice_id)).one()))
        wall, cpu, plain_pdf = plain_render(html)
        plain_wall.append(wall)
        plain_cpu.append(cpu)
        assert pages_of(plain_pdf) == document.rendered.pages, "plain and app documents differ"
        PAGES["last"] = document.rendered.pages
    return side_by_side(app_wall, plain_wall, app_cpu, plain_cpu)


def timed_pdf(invoice_id: str, factur_x: bool) -> tuple[float, float, pdf.PdfDocument]:
    """(wall, CPU incl. the worker's, document) of a cache miss through the app's path, as
    the Factur-X PDF or (the company's setting switched off for this call) the plain one."""
    db.session.expire_all()
    invoice = db.session.scalars(db.select(Invoice).where(Invoice.id == invoice_id)).one()
    invoice.company.einvoice_pdf = factur_x
    started, cpu = time.perf_counter(), time.process_time()
    document = pdf.invoice_pdf(invoice)
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    db.session.rollback()
    assert document.rendered is not None, "expected a cache miss"
    if factur_x != bool(PdfReader(io.BytesIO(document.content)).attachments):
        gaps = [gap.field for gap in einvoices.readiness(invoice).gaps["facturx"]]
        raise AssertionError(f"the variant is not the one asked for (Factur-X gaps: {gaps})")
    return elapsed, cpu_used + document.rendered.cpu_seconds, document


def measure_facturx(invoice_ids: list[str]) -> tuple[float, str]:
    """Factur-X vs plain first render of the same invoices, alternating which goes first."""
    walls, cpus = {True: [], False: []}, {True: [], False: []}
    for index, invoice_id in enumerate(invoice_ids):
        for factur_x in ((True, False) if index % 2 == 0 else (False, True)):
            wall, cpu, _ = timed_pdf(invoice_id, factur_x)
            walls[factur_x].append(wall)
            cpus[factur_x].append(cpu)
    fx_ms, plain_ms = ms(statistics.median(walls[True])), ms(statistics.median(walls[False]))
    fx_cpu, plain_cpu = ms(statistics.median(cpus[True])), ms(statistics.median(cpus[False]))
    return fx_ms / plain_ms, (f"Factur-X {fx_ms:.0f} ms vs plain {plain_ms:.0f} ms -> {fx_ms / plain_ms:.2f}x wall "
                              f"(CPU {fx_cpu:.0f} vs {plain_cpu:.0f} ms -> {fx_cpu / plain_cpu:.2f}x)")


def repeated_download(client, path: str, repeat: int) -> tuple[float, float]:
    first = client.get(path)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    timings, cpu_timings = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu)
        assert response.status_code == 200 and response.get_data() == first.get_data()
    return ms(statistics.median(timings)), ms(statistics.median(cpu_timings))


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parse = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parse.add_argument("--samples", type=int, default=9, help="10-line invoices rendered for (a)")
    parse.add_argument("--repeat", type=int, default=50, help="downloads timed for (b)")
    parse.add_argument("--big-lines", type=int, default=1000, help="lines of the invoice in (c)")
    parse.add_argument("--big-runs", type=int, default=2, help="big invoices rendered each way in (c)")
    parse.add_argument("--rates", type=int, default=0, help="(f): also render invoices with N rates per item")
    parse.add_argument("--codes", action="store_true", help="(g): also render EUR invoices with and without their EPC code")
    parse.add_argument("--only-codes", action="store_true", help="(g) alone")
    parse.add_argument("--languages", action="store_true",
                       help="(h): also the German PDF and dashboard page against the English ones")
    parse.add_argument("--only-languages", action="store_true", help="(h) alone")
    args = parse.parse_args()

    instance = tempfile.mkdtemp(prefix="corebill-bench-pdf-")
    app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/bench.db", "MAIL_SERVER": None,
                      "WTF_CSRF_ENABLED": False,  # (h) logs its users in through the test client
                      "PDF_RENDER_TIMEOUT": 120})
    with app.app_context():
        upgrade()
        with transaction():
            user, company = accounts.register("bench@example.com", "correct horse battery", "Bench Studio")
            actor = Actor(company=company, role="admin", user=user)
            accounts.update_company(actor, {"legal_name": "Bench Studio GmbH", "vat_id": "DE136695976",
                                            "address_line1": "Hauptstraße 1", "postal_code": "10115",
                                            "city": "Berlin", "country": "DE"})
            customer = customers.create_customer(actor, {"name": "Zoë Café & Co — €£¥₹₩", "country": "FR",
                                                         "email": "billing@zoe.example.com", "city": "Paris"})
        small = [make_invoice(actor, customer.id, 10).id for _ in range(args.samples + 1)]
        with transaction():  # an e-invoice-ready seller and buyer for (d) and (e)
            accounts.update_company(actor, {"vat_id": "DE136695976", "country": "DE"})
            buyer = customers.create_customer(actor, {
                "name": "Client SARL", "country": "FR", "email": "ap@client.example", "legal_address": "12 rue de la Paix",
                "city": "Paris", "zipcode": "75002", "legal_vat": "FR40303265045"})
        ready = [make_invoice(actor, buyer.id, 10).id for _ in range(args.samples + 1)]
        big = [make_invoice(actor, customer.id, args.big_lines).id for _ in range(args.big_runs)]

        print(f"WeasyPrint {weasyprint.__version__}; font subsetting by "
              f"{'HarfBuzz (libharfbuzz-subset)' if _harfbuzz_subset() else 'fontTools'}; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (wall times stretch with load; "
              f"CPU times show the work itself)")
        started = time.perf_counter()
        with app.test_request_context():
            pdf.warm_up()
        print(f"worker start (process, imports, fonts; once per app process): {ms(time.perf_counter() - started):.0f} ms")
        warm_html = same_html(render_html(db.session.get(Invoice, 1)))
        plain_render(warm_html)  # plain WeasyPrint's own first-call costs, to compare like with like
        if args.only_codes:
            compare_codes(actor, customer.id, args.samples)
            pdf.pool().close()
            return
        if args.only_languages:
            compare_languages(app, actor, args.samples, args.repeat)
            pdf.pool().close()
            return

        # (a) first render of a 10-line invoice, side by side (alternating, so load hits both).
        ratio, app_ms, text = measure(small[1:])
        print(f"(a) first render, 10 lines, {PAGES['last']} page(s), median of {len(small) - 1}: {text} "
              f"[targets <= {TARGET_RATIO:.1f}x: {verdict(ratio <= TARGET_RATIO)}, "
              f"<= {TARGET_FIRST_MS} ms: {verdict(app_ms <= TARGET_FIRST_MS)}]")

        # (b) repeated download of the same document through the public link.
        invoice = db.session.scalars(db.select(Invoice).where(Invoice.id == small[0])).one()
        with transaction():
            lifecycle.send_invoice(actor, invoice.id, deliver=lambda *_: None)
        token = invoice.public_token
        client = app.test_client()
        first = client.get(f"/i/{token}/pdf")
        assert first.status_code == 200 and first.mimetype == "application/pdf"
        timings, cpu_timings = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/i/{token}/pdf")
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu)
            assert response.status_code == 200 and response.get_data() == first.get_data()
        repeat_ms = ms(statistics.median(timings))
        print(f"(b) repeated download GET /i/<token>/pdf, median of {args.repeat}: {repeat_ms:.1f} ms "
              f"(CPU {ms(statistics.median(cpu_timings)):.1f} ms) "
              f"[target <= {TARGET_REPEAT_MS} ms: {verdict(repeat_ms <= TARGET_REPEAT_MS)}]")

        # (c) a big invoice, side by side, the app's in the bounded worker.
        big_ratio, _, text = measure(big)
        print(f"(c) {args.big_lines}-line invoice, {PAGES['last']} pages both, median of {len(big)}: {text} "
              f"[target <= {TARGET_RATIO:.1f}x: {verdict(big_ratio <= TARGET_RATIO)}]")

        # (d) the Factur-X PDF vs the plain PDF of the same invoices (cache misses both).
        fx_ratio, text = measure_facturx(ready[1:])
        print(f"(d) Factur-X PDF first render, 10 lines, median of {len(ready) - 1}: {text} "
              f"[target <= {TARGET_FACTURX_RATIO:.1f}x: {verdict(fx_ratio <= TARGET_FACTURX_RATIO)}]")

        # (e) repeated download of a Factur-X PDF through the public link (from the cache).
        with transaction():
            lifecycle.send_invoice(actor, ready[0], deliver=lambda *_: None)
        sent = db.session.scalars(db.select(Invoice).where(Invoice.id == ready[0])).one()
        fx_repeat, fx_cpu = repeated_download(client, f"/i/{sent.public_token}/pdf", args.repeat)
        assert "factur-x.xml" in PdfReader(io.BytesIO(client.get(f"/i/{sent.public_token}/pdf").get_data())).attachments
        print(f"(e) repeated download of the Factur-X PDF GET /i/<token>/pdf, median of {args.repeat}: {fx_repeat:.1f} ms "
              f"(CPU {fx_cpu:.1f} ms) [target <= {TARGET_REPEAT_MS} ms: {verdict(fx_repeat <= TARGET_REPEAT_MS)}]")
        if args.rates:
            compare_rates(actor, customer.id, args.rates, args.samples)
        if args.codes:
            compare_codes(actor, customer.id, args.samples)
        if args.languages:
            compare_languages(app, actor, args.samples, args.repeat)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        pdf.pool().close()


def _harfbuzz_subset() -> bool:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


if __name__ == "__main__":
    main()
