"""Invoice PDFs: Jinja template -> HTML -> WeasyPrint (bounded worker) -> content cache.

``invoice_pdf(invoice)`` is the one path every door uses (dashboard, API, public link and the
email attachment), so they all serve the same bytes for the same content."""
from __future__ import annotations

import atexit
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from flask import Response, current_app, request
from werkzeug.exceptions import ServiceUnavailable

from app import document_types
from app.einvoice.facturx_pdf import embed as embed_facturx
from app.i18n import document_language, speaking
from app.models import Invoice
from app.rendering.cache import PdfCache
from app.rendering.context import credit_note_view, invoice_view
from app.rendering.fonts import FontsMissing, font_face_css
from app.rendering.render_worker import RenderFailed, RenderPool, RenderResult
from app.services.einvoices import facturx_xml_for_pdf

# Bump when the way HTML becomes a PDF changes without the HTML or stylesheet changing.
RENDERER_VERSION = "corebill-pdf-1/weasyprint-" + version("weasyprint")
# The Factur-X variant (DESIGN §14): PDF/A-3b with the CII XML embedded.
FACTURX_VARIANT = "factur-x/pdf-a-3b/factur-x-" + version("factur-x")
DEFAULT_TIMEOUT = 20.0
DEFAULT_WORKERS = 2  # render processes per app process, at most one per CPU (PDF_RENDER_WORKERS)

_pool: RenderPool | None = None
_pool_lock = threading.Lock()
_font_css: dict[str, str] = {}
_stylesheets: dict[str, tuple[tuple[int, int], str, str]] = {}
MEMO_FILTERS = ("money", "number", "datefmt")

__all__ = ["PdfDocument", "RenderFailed", "credit_note_pdf", "invoice_pdf", "pdf_response", "quote_pdf", "render_html",
           "render_pdf"]


@dataclass(frozen=True)
class PdfDocument:
    key: str
    content: bytes
    filename: str
    rendered: RenderResult | None  # None when it came from the cache


def static_root() -> Path:
    return Path(current_app.static_folder).resolve()


def _stylesheet_and_digest() -> tuple[str, str]:
    """(text, sha256) of the @font-face rules for the prepared fonts plus static/css/pdf.css,
    read again only when the file changes."""
    root = static_root()
    if str(root) not in _font_css:
        try:
            _font_css[str(root)] = font_face_css(root)
        except (FontsMissing, OSError) as error:
            raise RenderFailed(f"The PDF fonts could not be prepared: {error}") from None
    path = root / "css" / "pdf.css"
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _stylesheets.get(str(root))
    if cached is None or cached[0] != version:
        text = _font_css[str(root)] + "\n" + path.read_text(encoding="utf-8")
        cached = (version, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
        _stylesheets[str(root)] = cached
    return cached[1], cached[2]


def stylesheet() -> str:
    return _stylesheet_and_digest()[0]


def _memoized(func):
    """The same filter, remembering its answers (amounts repeat across lines and downloads)."""
    answers: dict = {}

    def filter_(value, *args):
        key = (type(value), str(value), args)
        if key not in answers:
            if len(answers) > 20000:
                answers.clear()
            answers[key] = func(value, *args)
        return answers[key]
    return filter_


def documents_env():
    """The app's Jinja environment for documents: same loader, autoescape and filters (the
    formatting ones memoized), but no request context processors."""
    env = current_app.extensions.get("corebill_documents_env")
    if env is None:
        env = current_app.jinja_env.overlay()
        env.filters = dict(current_app.jinja_env.filters)
        for name in MEMO_FILTERS:
            if name in env.filters:
                env.filters[name] = _memoized(env.filters[name])
        current_app.extensions["corebill_documents_env"] = env
    return env


def template_of(kind: str) -> str:
    """The PDF template of a document type (its descriptor's, app/document_types.py)."""
    return document_types.get(kind).pdf_template


def render_document(template: str, **context) -> str:
    """A document template with the app's filters but no request context processors: the
    output depends on the invoice alone (not on who asks), so it can key the cache, and it
    renders the same from a web request, the API, the CLI or a test."""
    return documents_env().get_template(template).render(**context)


def w3c_datetime(moment: datetime) -> str:
    """A UTC timestamp as WeasyPrint reads <meta name=dcterms.created> (W3C date and time)."""
    moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_html(invoice: Invoice) -> str:
    """The PDF's HTML. Its metadata (author: the company; language: the company's locale;
    creation date: when the invoice was created) comes from the invoice alone, so the same
    content still gives the same bytes, whenever and by whichever door it is rendered."""
    with speaking(invoice):
        return render_document(template_of("invoice"), **invoice_view(invoice),
                               created=w3c_datetime(invoice.created_at))


def content_key(html: str, css_digest: str, variant: str = "") -> str:
    """sha256 over the renderer version, the stylesheet's digest and the HTML, plus for a
    Factur-X PDF the variant and its XML (a plain PDF's key stays what it always was)."""
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, css_digest, html, *((variant,) if variant else ())):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cache() -> PdfCache:
    folder = current_app.config.get("PDF_CACHE_FOLDER") or os.path.join(current_app.instance_path, "pdf-cache")
    return PdfCache(Path(folder))


def render_timeout() -> float:
    configured = current_app.config.get("PDF_RENDER_TIMEOUT") or os.environ.get("PDF_RENDER_TIMEOUT")
    return float(configured) if configured else DEFAULT_TIMEOUT


def render_workers() -> int:
    """How many render processes this app process may run: ``PDF_RENDER_WORKERS`` (default
    2), at most one per CPU, at least one."""
    configured = current_app.config.get("PDF_RENDER_WORKERS") or os.environ.get("PDF_RENDER_WORKERS")
    return max(1, min(os.cpu_count() or 1, int(configured) if configured else DEFAULT_WORKERS))


def pool() -> RenderPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RenderPool(render_workers())
            atexit.register(_pool.close)
        return _pool


def render_pdf(html: str, css_text: str | None = None, timeout: float | None = None,
               variant: str | None = None, owner: object = None) -> RenderResult:
    """HTML to PDF in the bounded worker (``variant="pdf/a-3b"`` for PDF/A-3b), in ``owner``'s
    turn (a company's pk: renders are shared fairly between companies); raises RenderFailed."""
    css_text = stylesheet() if css_text is None else css_text
    return pool().render(html, css_text, static_root(), timeout or render_timeout(), variant, owner)


def warm_up() -> None:
    pool().warm_up(stylesheet(), static_root())


def invoice_pdf(invoice: Invoice) -> PdfDocument:
    """The invoice's PDF, from the shared cache or freshly rendered (then cached): its Factur-X
    PDF when the company wants those and the invoice is ready for one, else the plain PDF."""
    return _with_facturx(invoice, render_html(invoice), "Invoice", invoice.invoice_number)


def _with_facturx(document, html: str, title: str, number: str) -> PdfDocument:
    """The PDF of an invoice's or a credit note's ``html``: its Factur-X PDF (DESIGN §14) when
    the company wants those and the document is ready for one, else the plain PDF."""
    xml = facturx_xml_for_pdf(document)

    def embed(content: bytes) -> bytes:
        company = document.company
        return embed_facturx(content, xml, author=company.name, lang=document_language(document),
                             title=f"{company.name}: {title} {number}",
                             subject=f"Factur-X {title.lower()} {number} dated {document.issue_date.isoformat()} "
                                     f"issued by {company.name}")
    return cached_pdf(html, f"{number}.pdf", document.id, document.company_pk, xml=xml, embed=embed if xml else None)


def quote_pdf(quote) -> PdfDocument:
    """A quote's PDF (DESIGN §12): the invoice's layout titled "Quote", through the same cache."""
    from app.quotes.context import quote_view

    with speaking(quote):
        html = render_document(template_of("quote"), **quote_view(quote), created=w3c_datetime(quote.created_at))
    return cached_pdf(html, f"{quote.number}.pdf", quote.id, quote.company_pk)


def credit_note_pdf(note) -> PdfDocument:
    """A credit note's PDF (DESIGN §11): the invoice's template titled "Credit note"; its
    Factur-X PDF (type 381) when ready, as an invoice's."""
    with speaking(note):
        html = render_document(template_of("credit_note"), **credit_note_view(note),
                               created=w3c_datetime(note.created_at))
    return _with_facturx(note, html, "Credit note", note.number)


def cached_pdf(html: str, filename: str, subject_id: str, owner: object = None, *, xml: bytes | None = None,
               embed=None) -> PdfDocument:
    """The PDF of a document's HTML, from the shared cache or freshly rendered (then cached)
    in ``owner``'s turn (its company's pk). With ``xml`` it is rendered as PDF/A-3b and
    ``embed`` attaches the e-invoice to it (the cache key includes the XML)."""
    css_text, css_digest = _stylesheet_and_digest()
    variant = FACTURX_VARIANT + "\n" + xml.decode("utf-8") if xml else ""
    key = content_key(html, css_digest, variant)
    store = cache()
    content = store.get(key)
    if content is not None:
        return PdfDocument(key, content, filename, None)
    result = render_pdf(html, css_text, variant="pdf/a-3b" if xml else None, owner=owner)
    if result.refused:  # the template escapes user text, so this means a template asks for it
        current_app.logger.warning("PDF of %s: refused to fetch %s", subject_id, ", ".join(result.refused))
    content = embed(result.pdf) if embed else result.pdf
    store.put(key, content)
    return PdfDocument(key, content, filename, result)


def pdf_response(invoice: Invoice, filename: str | None = None, *,
                 document: PdfDocument | None = None, render=invoice_pdf) -> Response:
    """A download of the invoice's PDF (or of another document, with its ``render``):
    attachment named after its number, ETag from the content hash (304 on a match), private
    caching. A render that fails or runs too long becomes a 503 with the reason.
    ``document`` skips the lookup when the caller has it."""
    if document is None:
        try:
            document = render(invoice)
        except RenderFailed as error:
            raise ServiceUnavailable(str(error)) from None
    response = Response(document.content, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=filename or document.filename)
    response.set_etag(document.key)
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response.make_conditional(request)
