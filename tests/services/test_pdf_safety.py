"""WeasyPrint reads nothing but the project's static files, whatever users type, and a
render that runs too long is stopped with a clear error."""
import base64
import io
import os
import socket
import threading
from pathlib import Path

import pytest
import segno
from pypdf import PdfReader

from app.invoices import lifecycle
from app.rendering import pdf
from app.rendering.fetcher import RefusedURL, StaticOnlyFetcher, static_path_for
from app.services import accounts, transaction
from app.services.tenancy import Actor


class Listener:
    """A TCP port that records every connection made to it (nothing should connect)."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture()
def listener():
    port = Listener()
    yield port
    port.close()


def payload(port: int) -> str:
    return (f'<img src=file:///etc/passwd> <img src="http://127.0.0.1:{port}/x.png"> http://127.0.0.1:1/x.png '
            f'<style>@import url("http://127.0.0.1:{port}/a.css"); body {{ background: url(file:///etc/hostname) }}'
            f'</style> url(file:///etc/hostname) @import "file:///etc/passwd"; '
            f'<link rel=stylesheet href="http://127.0.0.1:{port}/b.css">')


def images_in(reader: PdfReader) -> int:
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for item in xobjects.values() if item.get_object().get("/Subtype") == "/Image")
    return count


def static_root(app) -> Path:
    return Path(app.static_folder).resolve()


# --- the fetcher itself -------------------------------------------------------------------

def test_fetcher_serves_a_static_file(app):
    fetcher = StaticOnlyFetcher(static_root(app))
    response = fetcher.fetch((static_root(app) / "css" / "pdf.css").as_uri())
    assert b"@page" in response.read()
    assert fetcher.requested and not fetcher.refused


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "file:///etc/hostname", "file://localhost/etc/passwd", "file://evil.example/etc/passwd",
    "http://127.0.0.1:1/x.png", "https://example.com/logo.png", "ftp://example.com/x", "data:text/css,body{}",
    "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "css/pdf.css",
])
def test_fetcher_refuses_anything_but_static_files(app, url):
    fetcher = StaticOnlyFetcher(static_root(app))
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_decodes_a_small_png_data_uri_and_nothing_else_inline(app):
    """The payment codes' PNG comes from the page itself: decoded, never fetched; a data: URI
    that is not a small PNG is refused."""
    fetcher = StaticOnlyFetcher(static_root(app))
    png = segno.make("BCD").png_data_uri(scale=1)
    assert fetcher.fetch(png).read().startswith(b"\x89PNG")
    gif = "data:image/png;base64," + base64.b64encode(b"GIF89a" + bytes(40)).decode()
    huge = "data:image/png;base64," + base64.b64encode(base64.b64decode(png.split(",")[1]) + bytes(70000)).decode()
    for url in (gif, huge, "data:image/png;base64,not base64!", "data:image/svg+xml;base64,PHN2Zz4="):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert fetcher.refused == [gif, huge, "data:image/png;base64,not base64!", "data:image/svg+xml;base64,PHN2Zz4="]


def test_fetcher_refuses_dot_dot_and_symlinks_out_of_static(tmp_path):
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    (root / "css" / "ok.css").write_text("p {}")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    os.symlink(secret, root / "css" / "link.css")
    assert static_path_for((root / "css" / "ok.css").as_uri(), root) == (root / "css" / "ok.css").resolve()
    for url in (f"file://{root}/css/../../secret.txt", f"file://{root}/css/%2e%2e/%2e%2e/secret.txt",
                (root / "css" / "link.css").as_uri(), f"file://{root}/css/missing.css", f"file://{root}"):
        with pytest.raises(RefusedURL):
            static_path_for(url, root)


# --- whole renders ------------------------------------------------------------------------

def test_references_in_every_user_field_are_printed_not_fetched(app, actor, make_customer, make_invoice, listener):
    evil = payload(listener.port)
    short = "<img src=file:///etc/passwd>"
    with transaction():
        accounts.update_company(actor, {"name": "Co " + short, "legal_name": "Legal " + short,
                                        "address_line1": evil[:200], "address_line2": evil[200:],
                                        "region": short, "vat_id": short})
    customer = make_customer(name="Cu " + short, legal_name="CuLegal " + short, address_line1=evil[:200],
                             address_line2=evil[200:], legal_vat=short, city=short, postal_code="url(file:///x)",
                             buyer_reference=short)
    items = [{"name": "Item " + short, "description": evil, "quantity": 1, "unit": "@import", "unit_price": 5}]
    invoice = make_invoice(customer=customer, items=items, notes=evil, payment_terms=short, tax_id="@import x",
                           due_date="2099-01-01")
    document = pdf.invoice_pdf(invoice)

    root = str(static_root(app))
    assert document.rendered is not None
    assert document.rendered.refused == []
    assert all(url.startswith(Path(root).as_uri() + "/") for url in document.rendered.requested)
    assert listener.connections == 0
    reader = PdfReader(io.BytesIO(document.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert images_in(reader) == 0
    assert "Co <img src=file:///etc/passwd>" in text and "Cu <img src=file:///etc/passwd>" in text
    assert "Item <img src=file:///etc/passwd>" in text
    assert f'@import url("http://127.0.0.1:{listener.port}/a.css")' in text
    assert "url(file:///etc/hostname)" in text
    assert "root:x:0:0" not in text
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if len(hostname) > 6:
        assert hostname not in text


def test_markup_that_reaches_weasyprint_still_cannot_fetch(app, listener):
    """Defence in depth: even unescaped markup (a template bug) gets nothing from outside static/."""
    port = listener.port
    html = (f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
            f'<link rel="stylesheet" href="file:///etc/hostname">'
            f'<style>@import url("file:///etc/passwd"); @import url("http://127.0.0.1:{port}/i.css");'
            f'p {{ background: url("http://127.0.0.1:{port}/bg.png") }}'
            f'@font-face {{ font-family: X; src: url("file:///usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),'
            f' local("DejaVu Serif"); }} h1 {{ font-family: X }}</style>'
            f'<h1>Hi</h1><p>Text</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/y.png">'
            f'<img src="fonts/../../../../../etc/passwd"><img src="data:image/png;base64,iVBORw0KGgo=">'
            f'<object data="file:///etc/passwd"></object><embed src="file:///etc/hostname">')
    with app.test_request_context():
        result = pdf.render_pdf(html)
    root_uri = static_root(app).as_uri() + "/"
    outside = [url for url in result.requested if not url.startswith(root_uri)]
    assert outside, "the markup above asks for outside resources"
    assert set(outside) <= set(result.refused)
    assert any("etc/passwd" in url for url in result.refused)
    assert any(f"127.0.0.1:{port}" in url for url in result.refused)
    assert listener.connections == 0
    reader = PdfReader(io.BytesIO(result.pdf))
    assert images_in(reader) == 0
    assert "root:x:0:0" not in "".join(page.extract_text() for page in reader.pages)


def test_a_render_that_runs_too_long_is_stopped_with_a_clear_error(app):
    rows = "".join(f"<tr><td>Row {n}</td><td>{n}</td></tr>" for n in range(4000))
    with app.test_request_context():
        with pytest.raises(pdf.RenderFailed, match=r"longer than 0\.05 s .* stopped"):
            pdf.render_pdf(f"<table>{rows}</table>", timeout=0.05)
        # The stuck worker was killed; the next render gets a fresh one and succeeds.
        assert pdf.render_pdf("<p>after</p>").pdf.startswith(b"%PDF-")


def test_a_slow_download_answers_503_instead_of_hanging(app, client, make_invoice):
    invoice = make_invoice(due_date="2099-01-01", items=[
        {"name": f"Line {n}", "quantity": 1, "unit_price": 1} for n in range(300)])
    with transaction():
        lifecycle.send_invoice(Actor(company=invoice.company, role="system"), invoice.id, lambda *a: None)
    app.config["PDF_RENDER_TIMEOUT"] = 0.01
    try:
        response = client.get(f"/i/{invoice.public_token}/pdf")
    finally:
        app.config.pop("PDF_RENDER_TIMEOUT")
    assert response.status_code == 503
    assert "longer than" in response.get_data(as_text=True)
