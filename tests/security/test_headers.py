"""Security headers on every response — every GET route of the URL map (HTML pages, API,
public pages and PDFs), error pages (400, 401, 404, 405, 500), redirects and static files —
and no inline script or style in any template or rendered page, so the CSP can forbid them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.extensions import db
from tests.security.helpers import ThreadedServer, client_of, csrf_on, logged_in, other_app, release
from tests.security.routes import build_path, discover
from tests.security.tenancy_world import build_world

pytestmark = pytest.mark.commits

ROOT = Path(__file__).resolve().parents[2]
# E-mails (inline styles are what mail clients understand) and PDF sources (rendered by
# WeasyPrint, never served as a page) are not pages of the site.
NOT_PAGES = ("mail/", "documents/_pdf.html")
NOT_PAGE_NAMES = ("mail.html", "mail.txt", "pdf.html")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<script[^>]*>\s*[^<\s]", re.I),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def inline_code(html: str) -> list[str]:
    return [name for name, pattern in INLINE.items() if pattern.search(html)]


def header_problems(path: str, response, *, https: bool = False) -> list[str]:
    headers, problems = response.headers, []
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if directives.get("default-src") != ["'self'"]:
        problems.append("default-src 'self' missing")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors 'none' missing")
    scripts = directives.get("script-src", directives.get("default-src", []))
    if any(source in scripts for source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:")):
        problems.append(f"script-src allows inline or foreign code: {scripts}")
    if "'unsafe-inline'" in directives.get("style-src", []):
        problems.append("style-src allows inline styles")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff missing")
    referrer = headers.get("Referrer-Policy")
    if not referrer or (path.startswith("/i/") and referrer != "no-referrer"):
        problems.append(f"Referrer-Policy {referrer!r}")
    hsts = headers.get("Strict-Transport-Security", "")
    if https and "max-age=" not in hsts:
        problems.append("HSTS missing over https")
    if not https and hsts:
        problems.append("HSTS sent over plain http")
    return [f"{response.status_code} {path}: {problem}" for problem in problems]


def caching_problems(kind: str, path: str, response) -> list[str]:
    """Pages, API answers and everything public are never stored (the back button after logout
    shows no invoice); static files keep their caching."""
    cache = response.headers.get("Cache-Control", "")
    if kind == "static":
        wrong = "no-store" in cache
    elif path.startswith(("/i/", "/q/", "/c/")):
        wrong = cache != "no-store"
    else:
        wrong = response.mimetype in ("text/html", "application/json") and "no-store" not in cache
    return [f"{response.status_code} {path}: Cache-Control {cache!r}"] if wrong else []


def static_files() -> list[str]:
    folder = ROOT / "static"
    return sorted("/static/" + p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.suffix in (".css", ".js", ".svg", ".ico", ".png", ".woff2", ".ttf"))


def test_every_response_carries_the_security_headers(app, make_account, figure):
    world = build_world(make_account)
    owner = logged_in(app, world.victim.user.email)
    api = client_of(app)
    key = {"Authorization": "Bearer " + world.victim_key_raw}
    own_ids = dict(world.ids, token=world.public_token)
    checked, problems, pages, kinds = 0, [], [], {"html": 0, "api": 0, "public": 0, "error": 0, "static": 0}

    def check(kind, path, response, https=False):
        nonlocal checked
        checked += 1
        kinds[kind] += 1
        problems.extend(header_problems(path, response, https=https))
        problems.extend(caching_problems(kind, path, response))
        if response.mimetype == "text/html":
            pages.append((path, response.get_data(as_text=True)))

    for route in discover(app)[0]:
        if "GET" not in route.methods or route.endpoint == "static":
            continue
        path = build_path(route, own_ids, world.pks)
        if route.door == "api":
            response = api.get(path, query_string={"company_id": world.ids["com"]}, headers=key)
        elif route.door == "public":
            response = client_of(app).get(path)
        else:
            response = owner.get(path)
        check("error" if response.status_code >= 400 else route.door, path, response)
    for path in static_files():
        check("static", path, client_of(app).get(path))
    check("html", "/ (anonymous redirect)", client_of(app).get("/"))
    check("error", "/no-such-page", owner.get("/no-such-page"))
    check("error", "/v1/no-such-thing", api.get("/v1/no-such-thing", headers=key))
    check("error", "/v1/customers (no key)", api.get("/v1/customers"))
    check("error", "/logout (GET)", owner.get("/logout"))
    check("error", "/i/unknown-token", client_of(app).get("/i/" + "x" * 43))
    with csrf_on(app):
        check("error", "/switch-company (no CSRF)", owner.post("/switch-company", data={"company_id": "x"}))
    release()
    with other_app(app) as failing:
        @failing.get("/boom")
        def boom():
            raise RuntimeError("boom")
        check("error", "/boom (500)", client_of(failing).get("/boom"))
    inline = [(path, found) for path, html in pages for found in inline_code(html)]
    figure("headers", f"{checked} responses ({kinds['html']} HTML, {kinds['api']} API, {kinds['public']} public, "
                      f"{kinds['error']} errors, {kinds['static']} static): {len(problems)} missing or weak headers "
                      f"(security and caching); "
                      f"{len(pages)} rendered pages with {len(inline)} inline scripts, handlers or styles")
    assert kinds["static"] > 0 and kinds["error"] >= 6
    assert not problems, "\n".join(problems[:30])
    assert not inline, inline[:20]


def test_hsts_when_served_over_https(app, make_account, figure):
    make_account(email="hsts@example.com")
    release()
    paths = ["/login", "/no-such-page", "/v1/no-such-thing", static_files()[0]]
    problems = []
    secure_request = [client_of(app).get(path, base_url="https://localhost") for path in paths]
    for path, response in zip(paths, secure_request):
        problems += header_problems(path, response, https=True)
    with other_app(app, {"APP_BASE_URL": "https://billing.example.com"}) as https_app:
        for path in paths:
            problems += header_problems(path, client_of(https_app).get(path), https=True)
    figure("hsts", f"{2 * len(paths)} responses over https (request or APP_BASE_URL): {len(problems)} without HSTS")
    assert not problems, problems


def test_no_template_has_inline_code(figure):
    templates = sorted(p for p in (ROOT / "templates").rglob("*.html")
                       if not p.relative_to(ROOT / "templates").as_posix().startswith(NOT_PAGES)
                       and p.name not in NOT_PAGE_NAMES)
    found = [(p.relative_to(ROOT).as_posix(), kind) for p in templates for kind in inline_code(p.read_text())]
    scripts = sum(len(re.findall(r"<script", p.read_text())) for p in templates)
    figure("templates", f"{len(templates)} page templates scanned ({scripts} script tags, all external): "
                        f"{len(found)} inline scripts, event handlers, style attributes or style elements")
    assert templates
    assert not found, found


def test_the_inline_scanner_finds_inline_code():
    assert inline_code('<script>alert(1)</script>') == ["inline script"]
    assert inline_code('<button onclick="x()">') == ["event handler attribute"]
    assert inline_code('<p style="color:red">') == ["style attribute"]
    assert inline_code('<a href="javascript:x()">') == ["javascript: URL"]
    assert inline_code('<script src="/static/js/a.js" defer></script>') == []


def test_a_logged_out_back_button_finds_nothing_stored(app, make_account):
    world = build_world(make_account)
    owner = logged_in(app, world.victim.user.email)
    pages = [owner.get(path) for path in ("/", "/invoices", f"/invoices/{world.ids['inv']}")]
    owner.post("/logout")
    assert [response.status_code for response in pages] == [200, 200, 200]
    assert all(response.headers.get("Cache-Control") == "no-store" for response in pages)
    assert owner.get("/invoices").status_code == 302


def test_each_answer_carries_one_date_and_public_pdfs_are_not_stored(app, make_account):
    """Over a real HTTP server: the server sends the Date header, the app adds no second one
    (make_conditional did, on every PDF and static file)."""
    import http.client

    from app.models import CreditNote, Quote

    world = build_world(make_account)
    quote, note = db.session.get(Quote, world.pks["quo"]), db.session.get(CreditNote, world.pks["cn"])
    paths = {"invoice PDF": f"/i/{world.public_token}/pdf", "quote PDF": f"/q/{quote.public_token}/pdf",
             "credit note PDF": f"/c/{note.public_token}/pdf", "page": f"/i/{world.public_token}",
             "API PDF": f"/v1/invoices/{world.ids['inv']}/pdf?company_id={world.ids['com']}",
             "API JSON": f"/v1/invoices/{world.ids['inv']}?company_id={world.ids['com']}",
             "login": "/login", "static": static_files()[0]}
    release()
    answers = {}
    with ThreadedServer(app) as server:
        for name, path in paths.items():
            connection = http.client.HTTPConnection("127.0.0.1", server.server.server_port, timeout=60)
            connection.request("GET", path, headers={"Authorization": "Bearer " + world.victim_key_raw})
            response = connection.getresponse()
            response.read()
            answers[name] = (response.status, response.msg.get_all("Date"), response.getheader("Cache-Control"))
            connection.close()
    assert {name: status for name, (status, _, _) in answers.items()} == dict.fromkeys(paths, 200)
    assert {name: len(dates) for name, (_, dates, _) in answers.items()} == dict.fromkeys(paths, 1)
    assert {name: answers[name][2] for name in ("invoice PDF", "quote PDF", "credit note PDF", "page")} == \
        dict.fromkeys(("invoice PDF", "quote PDF", "credit note PDF", "page"), "no-store")
    assert answers["API JSON"][2] == "no-store" and answers["login"][2] == "no-store"
    assert "no-store" not in (answers["static"][2] or "")
